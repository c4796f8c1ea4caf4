// Structured logs. Lifecycle and error events go through pino; the per-request access line — one JSON
// object per request with request id, service, action, principal, status and latency — is formatted
// here by hand and written to the same destination, because it is on every request's path and a
// general-purpose logger costs several times more. Nothing secret goes in: no headers, bodies,
// signatures or secrets; the access key id is the only credential material, as in CloudTrail.
import pino, { type Logger } from 'pino';

export type { Logger };

export interface LogOutput {
  readonly logger: Logger;
  /** Writes one access line (already JSON) if the level admits `info`. */
  access(line: AccessLine): void;
  flush(): void;
}

export interface AccessLine {
  readonly requestId: string;
  readonly service: string | undefined;
  readonly action: string | undefined;
  readonly principal: string | undefined;
  readonly accessKeyId: string | undefined;
  readonly status: number;
  readonly code: string | undefined;
  readonly latencyMs: number;
  readonly sourceIp: string;
}

const LEVELS: Record<string, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Infinity,
};

// eslint-disable-next-line no-control-regex -- control characters are what JSON must escape
const NEEDS_JSON_ESCAPE = /["\\\u0000-\u001f\u2028\u2029]/;
const str = (v: string | undefined) =>
  v === undefined ? 'null' : NEEDS_JSON_ESCAPE.test(v) ? JSON.stringify(v) : `"${v}"`;

/** The ISO time of the current millisecond, formatted once per millisecond however many lines share it. */
let lastMs = 0;
let lastIso = '';
function isoNow(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

export function createLogOutput(level: string, destination: NodeJS.WritableStream | number = 1): LogOutput {
  const dest =
    typeof destination === 'number'
      ? pino.destination({ dest: destination, sync: false, minLength: 4096 })
      : destination;
  const logger = pino(
    {
      level,
      base: null,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    dest,
  );
  const enabled = (LEVELS[level] ?? 30) <= 30;
  return {
    logger,
    access(l) {
      if (!enabled) return;
      dest.write(
        `{"level":"info","time":"${isoNow()}","msg":"request","requestId":"${l.requestId}",` +
          `"service":${str(l.service)},"action":${str(l.action)},"principal":${str(l.principal)},` +
          `"accessKeyId":${str(l.accessKeyId)},"status":${l.status},"code":${str(l.code)},` +
          `"latencyMs":${l.latencyMs},"sourceIp":${str(l.sourceIp)}}\n`,
      );
    },
    flush() {
      try {
        logger.flush();
      } catch {
        // nothing to flush
      }
    },
  };
}
