// Reads a request's SigV4 claims — Authorization header or presigned query — without any secret:
// the edge uses them to pick the service (the credential scope names it), the verifier to check them.
// Error texts are AWS's where known (IncompleteSignature wording seen on the wire in AWS's own
// responses, quoted in public issue trackers: e.g. aws/aws-sdk-ruby#317, brendanhay/amazonka#316).

import type { WireRequest } from '../protocols/wire.js';
import { ALGORITHM } from './canonical.js';

export interface SignatureClaims {
  readonly form: 'header' | 'query';
  readonly accessKeyId: string;
  readonly scopeDate: string;
  readonly region: string;
  readonly service: string;
  readonly terminator: string;
  /** `date/region/service/aws4_request` */
  readonly scope: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  /** The ISO-8601 basic timestamp that was signed (`20150830T123600Z`). */
  readonly amzDate: string;
  /** Where amzDate came from, for AWS's scope-mismatch message. */
  readonly dateSource: 'X-Amz-Date' | 'Date';
  readonly requestTime: number;
  /** Presigned URLs: seconds of validity. */
  readonly expires?: number;
  readonly sessionToken?: string;
}

export type ParseFailure =
  | { readonly kind: 'missing' }
  | { readonly kind: 'incomplete'; readonly message: string; readonly form?: 'header' | 'query' }
  | { readonly kind: 'scope'; readonly message: string; readonly form?: 'header' | 'query' };

export type ParseResult =
  { readonly ok: true; readonly claims: SignatureClaims } | ({ readonly ok: false } & ParseFailure);

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

export function parseAmzDate(text: string): number | undefined {
  const m = AMZ_DATE.exec(text);
  if (!m) return undefined;
  const t = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  return Number.isNaN(t) ? undefined : t;
}

export function formatAmzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

const fail = (
  kind: 'incomplete' | 'scope',
  message: string,
  form: 'header' | 'query' = 'header',
): ParseResult => ({
  ok: false,
  kind,
  message,
  form,
});

/** Splits `AKID/20150830/us-east-1/iam/aws4_request`. */
function parseCredential(
  value: string,
): { accessKeyId: string; date: string; region: string; service: string; terminator: string } | undefined {
  const parts = value.split('/');
  if (parts.length !== 5 || parts.some((p) => p === '')) return undefined;
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  return { accessKeyId, date, region, service, terminator };
}

/** The request's SigV4 claims, a parse failure, or `missing` when the request is not signed at all. */
export function parseSignature(req: WireRequest): ParseResult {
  const auth = req.header('authorization');
  if (auth !== undefined && auth.trim() !== '') return parseHeader(req, auth);
  if (req.rawQuery.includes('X-Amz-')) {
    const q = req.query;
    if (q.has('X-Amz-Algorithm') || q.has('X-Amz-Credential') || q.has('X-Amz-Signature'))
      return parseQuery(req);
  }
  return { ok: false, kind: 'missing' };
}

/** The form every SDK sends; matched in one step before the general parser runs. */
const COMMON_HEADER =
  /^AWS4-HMAC-SHA256 Credential=([^,\s]+), ?SignedHeaders=([^,\s]+), ?Signature=([0-9a-f]{64})$/;

function parseHeader(req: WireRequest, auth: string): ParseResult {
  const common = COMMON_HEADER.exec(auth);
  const xAmzDateFast = req.header('x-amz-date');
  if (common && xAmzDateFast !== undefined) {
    const requestTime = parseAmzDate(xAmzDateFast);
    if (requestTime !== undefined) {
      return finish({
        form: 'header',
        credential: common[1]!,
        signedHeaders: common[2]!,
        signature: common[3]!,
        amzDate: xAmzDateFast,
        dateSource: 'X-Amz-Date',
        requestTime,
        sessionToken: req.header('x-amz-security-token'),
      });
    }
  }
  const trimmed = auth.trim();
  const space = trimmed.indexOf(' ');
  const algorithm = space === -1 ? trimmed : trimmed.slice(0, space);
  const fields = new Map<string, string>();
  if (algorithm === ALGORITHM) {
    for (const raw of trimmed.slice(space + 1).split(',')) {
      const part = raw.trim();
      if (part === '') continue;
      const eq = part.indexOf('=');
      if (eq === -1) {
        return fail(
          'incomplete',
          `'${part}' not a valid key=value pair (missing equal-sign) in Authorization header: '${auth}'.`,
        );
      }
      fields.set(part.slice(0, eq), part.slice(eq + 1));
    }
  }
  const credential = fields.get('Credential');
  const signature = fields.get('Signature');
  const signedHeaders = fields.get('SignedHeaders');
  const xAmzDate = req.header('x-amz-date');
  const dateHeader = req.header('date');
  const missing: string[] = [];
  if (!credential) missing.push("Authorization header requires 'Credential' parameter.");
  if (!signature) missing.push("Authorization header requires 'Signature' parameter.");
  if (!signedHeaders) missing.push("Authorization header requires 'SignedHeaders' parameter.");
  if (xAmzDate === undefined && dateHeader === undefined) {
    missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  if (missing.length > 0 || !credential || !signature || !signedHeaders) {
    return fail('incomplete', `${missing.join(' ')} Authorization=${auth}`);
  }
  let requestTime: number | undefined;
  let amzDate: string;
  if (xAmzDate !== undefined) {
    requestTime = parseAmzDate(xAmzDate.trim());
    amzDate = xAmzDate.trim();
    if (requestTime === undefined) {
      return fail(
        'incomplete',
        `Date must be in ISO-8601 'basic format'. Got '${xAmzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`,
      );
    }
  } else {
    const t = Date.parse(dateHeader!);
    if (Number.isNaN(t)) return fail('incomplete', `Date must be in RFC 1123 format. Got '${dateHeader}'.`);
    requestTime = t;
    amzDate = formatAmzDate(t);
  }
  return finish({
    form: 'header',
    credential,
    signedHeaders,
    signature,
    amzDate,
    dateSource: xAmzDate !== undefined ? 'X-Amz-Date' : 'Date',
    requestTime,
    sessionToken: req.header('x-amz-security-token'),
  });
}

function parseQuery(req: WireRequest): ParseResult {
  const q = req.query;
  const algorithm = q.get('X-Amz-Algorithm');
  const credential = q.get('X-Amz-Credential');
  const signature = q.get('X-Amz-Signature');
  const amzDate = q.get('X-Amz-Date');
  const signedHeaders = q.get('X-Amz-SignedHeaders');
  if (!algorithm || !credential || !signature || !amzDate || !signedHeaders) {
    return fail(
      'incomplete',
      "AWS query-string parameters must include 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders'. Re-examine the query-string parameters.",
      'query',
    );
  }
  if (algorithm !== ALGORITHM) {
    return fail('incomplete', `X-Amz-Algorithm only supports "${ALGORITHM}"`, 'query');
  }
  const requestTime = parseAmzDate(amzDate);
  if (requestTime === undefined) {
    return fail(
      'incomplete',
      `X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`,
      'query',
    );
  }
  const expiresText = q.get('X-Amz-Expires');
  let expires: number | undefined;
  if (expiresText !== null) {
    if (!/^\d+$/.test(expiresText)) return fail('incomplete', 'X-Amz-Expires should be a number', 'query');
    expires = Number(expiresText);
    if (expires > 604800)
      return fail(
        'incomplete',
        'X-Amz-Expires must be less than a week (in seconds) that is 604800',
        'query',
      );
    if (expires < 1) return fail('incomplete', 'X-Amz-Expires must be non-negative', 'query');
  }
  return finish({
    form: 'query',
    credential,
    signedHeaders,
    signature,
    amzDate,
    dateSource: 'X-Amz-Date',
    requestTime,
    expires,
    sessionToken: q.get('X-Amz-Security-Token') ?? undefined,
  });
}

function finish(p: {
  form: 'header' | 'query';
  credential: string;
  signedHeaders: string;
  signature: string;
  amzDate: string;
  dateSource: 'X-Amz-Date' | 'Date';
  requestTime: number;
  expires?: number | undefined;
  sessionToken: string | undefined;
}): ParseResult {
  const cred = parseCredential(p.credential);
  if (!cred) {
    return fail(
      'incomplete',
      `Credential '${p.credential}' is malformed: expected <access key id>/<YYYYMMDD>/<region>/<service>/aws4_request.`,
      p.form,
    );
  }
  if (cred.terminator !== 'aws4_request') {
    return fail(
      'scope',
      `Credential should be scoped with a valid terminator: 'aws4_request', not '${cred.terminator}'.`,
      p.form,
    );
  }
  if (!/^[a-z0-9-]+$/.test(cred.region)) {
    return fail('scope', `Credential should be scoped to a valid region, not '${cred.region}'.`, p.form);
  }
  const ymd = p.amzDate.slice(0, 8);
  if (cred.date !== ymd) {
    return fail(
      'scope',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${cred.date}' != '${ymd}', from '${p.dateSource}'.`,
      p.form,
    );
  }
  const claims: SignatureClaims = {
    form: p.form,
    accessKeyId: cred.accessKeyId,
    scopeDate: cred.date,
    region: cred.region,
    service: cred.service,
    terminator: cred.terminator,
    scope: `${cred.date}/${cred.region}/${cred.service}/${cred.terminator}`,
    signedHeaders: p.signedHeaders.split(';'),
    signature: p.signature,
    amzDate: p.amzDate,
    dateSource: p.dateSource,
    requestTime: p.requestTime,
    ...(p.expires !== undefined ? { expires: p.expires } : {}),
    ...(p.sessionToken !== undefined && p.sessionToken !== '' ? { sessionToken: p.sessionToken } : {}),
  };
  return { ok: true, claims };
}
