// The request pipeline, written once (STYLE.md §1; DESIGN.md "The request path"):
//   edge → route → authenticate → decode → validate → authorize → invoke → encode → (audit)
// Each stage is a named, timed step; one catch at the end renders known AWS errors in the service's
// protocol and turns anything else into InternalFailure (500, generic text, details logged only).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { ANONYMOUS_CALLER, type Caller } from '../aws/caller.js';
import type { Clock } from '../aws/clock.js';
import { type AwsError, CommonErrors, isAwsError } from '../aws/errors.js';
import type { OperationModel } from '../aws/model/shapes.js';
import type { Protocol, ShapeObject } from '../aws/protocols/protocol.js';
import { validateInput } from '../aws/protocols/validate.js';
import { WireRequest, type WireResponse } from '../aws/protocols/wire.js';
import { EMPTY_SHA256 } from '../aws/sigv4/canonical.js';
import { parseSignature, type ParseResult } from '../aws/sigv4/parse.js';
import { openPayload, type PayloadStream } from '../aws/sigv4/payload.js';
import { parseS3V2Query } from '../aws/sigv4/s3-v2-query.js';
import { UNSIGNED_PAYLOAD, type SigV4Verifier, type VerifyResult } from '../aws/sigv4/verify.js';
import { requestId as newRequestId } from '../aws/ids.js';
import type {
  AccessRequest,
  AnyOperation,
  Authorizer,
  RequestContext,
  ServiceDefinition,
} from '../services/service.js';
import { headerValues, readBody, type ServiceRouter } from './edge.js';
import type { LogOutput } from './logging.js';
import { STAGES, type Metrics, type Stage } from './metrics.js';

/** Called after each answered AWS request (the audit trail plugs in here). */
export interface RequestObserver {
  completed(event: CompletedRequest): void;
}

export interface CompletedRequest {
  readonly requestId: string;
  readonly time: number;
  readonly service: string | undefined;
  readonly operation: string | undefined;
  readonly caller: Caller | undefined;
  readonly status: number;
  readonly errorCode: string | undefined;
  readonly errorMessage: string | undefined;
  readonly input: ShapeObject | undefined;
  readonly sourceIp: string;
  readonly userAgent: string | undefined;
  readonly region: string;
}

export interface PipelineDeps {
  readonly router: ServiceRouter;
  readonly verifier: SigV4Verifier;
  readonly authorizer: Authorizer;
  readonly clock: Clock;
  readonly log: LogOutput;
  readonly metrics: Metrics;
  readonly region: string;
  readonly maxBodyBytes: number;
  /** Renders errors that happen before any service is known. */
  readonly fallbackProtocol: Protocol;
  readonly observers?: readonly RequestObserver[];
}

/** Per-request state the stages fill in, read by the final log line, metrics and observers. */
class Exchange {
  readonly id = newRequestId();
  readonly arrived: number;
  readonly t0 = performance.now();
  /** Milliseconds per stage, indexed as STAGES; NaN for a stage that did not run. */
  readonly timings: number[] = [NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN];
  #mark = this.t0;
  service: ServiceDefinition | undefined;
  operation: OperationModel | undefined;
  caller: Caller | undefined;
  input: ShapeObject | undefined;
  region: string;
  error: AwsError | undefined;
  userAgent: string | undefined;
  /** What the signature says about the body (streamed bodies are checked against it as they are read). */
  verified: Extract<VerifyResult, { ok: true }> | undefined;

  constructor(now: number, region: string) {
    this.arrived = now;
    this.region = region;
  }

  /** Records the time since the previous stage ended. */
  stage(name: Stage): void {
    const t = performance.now();
    this.timings[STAGES.indexOf(name)] = t - this.#mark;
    this.#mark = t;
  }
}

export class Pipeline {
  constructor(private readonly deps: PipelineDeps) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const ex = new Exchange(this.deps.clock.now(), this.deps.region);
    let response: WireResponse;
    try {
      response = await this.#run(req, ex);
    } catch (e) {
      response = this.#renderError(e, ex, req);
    }
    this.#send(req, res, response, ex);
  }

  async #run(req: IncomingMessage, ex: Exchange): Promise<WireResponse> {
    // edge: the request as data; the body only for protocols that want it whole.
    let wire = new WireRequest({
      method: req.method ?? 'GET',
      target: req.url ?? '/',
      headers: headerValues(req),
    });
    ex.userAgent = wire.header('user-agent');
    const signature = parseSignature(wire);
    // An unsigned query-protocol request may name its Action in a form body: routing needs it read.
    const formFirst = !signature.ok && wire.isFormEncoded;
    if (formFirst)
      wire = wire.withBody(await readBody(req, this.deps.maxBodyBytes, wire.header('content-length')));

    const service = this.#route(wire, signature, ex);
    ex.stage('route');
    // Streaming services (S3) read their bodies once the operation is known (#decode).
    if (!service.streamingBody && !formFirst)
      wire = wire.withBody(await readBody(req, this.deps.maxBodyBytes, wire.header('content-length')));
    ex.stage('edge');

    const authenticated = this.#authenticate(wire, signature, service, ex);
    const caller = authenticated instanceof Promise ? await authenticated : authenticated;
    ex.stage('authenticate');

    const pending = this.#decode(wire, service, ex, req);
    const decoded = pending instanceof Promise ? await pending : pending;
    const { operation, input, impl } = decoded;
    wire = decoded.wire;
    ex.stage('decode');

    this.#validate(operation, input, service);
    ex.stage('validate');

    const ctx = this.#context(ex, caller, wire, req);
    const refused = service.admit?.(operation.name, ctx);
    if (refused) throw refused;
    const authorized = this.#authorize(impl, input, ctx, service);
    if (authorized instanceof Promise) await authorized;
    ex.stage('authorize');

    const invoked = impl.handler(input as never, ctx);
    const output = invoked instanceof Promise ? await invoked : invoked;
    ex.stage('invoke');

    const response = service.protocol.encode(operation, (output ?? undefined) as ShapeObject | undefined, {
      requestId: ex.id,
    });
    ex.stage('encode');
    return response;
  }

  #route(wire: WireRequest, signature: ParseResult, ex: Exchange): ServiceDefinition {
    const { service } = this.deps.router.route(wire, signature);
    ex.service = service;
    if (signature.ok) ex.region = signature.claims.region;
    return service;
  }

  /** Synchronous when the verifier is (a cached key); stages stay promise-free on the hot path. */
  #authenticate(
    wire: WireRequest,
    signature: ParseResult,
    service: ServiceDefinition,
    ex: Exchange,
  ): Caller | Promise<Caller> {
    if (!signature.ok) {
      const v2 = signature.kind === 'missing' && service.s3Signing ? parseS3V2Query(wire) : undefined;
      if (v2) {
        const r = this.deps.verifier.verifyS3V2Query(wire, v2, service.hostBucket?.(wire), ex.arrived);
        const done = (result: VerifyResult): Caller => {
          if (!result.ok) throw service.authErrors(result.failure);
          ex.verified = result;
          return (ex.caller = result.caller);
        };
        return r instanceof Promise ? r.then(done) : done(r);
      }
      // Unsigned requests reach services that admit anonymous callers (S3); the authorizer decides.
      if (signature.kind === 'missing' && service.anonymous) return (ex.caller = ANONYMOUS_CALLER);
      throw service.authErrors(signature);
    }
    const result = this.deps.verifier.verify(wire, signature.claims, {
      s3: service.s3Signing === true,
      contentSha256Rules: service.s3Signing === true,
      body: service.streamingBody ? undefined : wire.body,
      now: ex.arrived,
    });
    const done = (r: VerifyResult): Caller => {
      if (!r.ok) throw service.authErrors(r.failure);
      ex.caller = r.caller;
      ex.verified = r;
      return r.caller;
    };
    return result instanceof Promise ? result.then(done) : done(result);
  }

  /**
   * Names the operation and decodes its input. A streaming service's body is opened here, once the
   * operation says what it is: handed to the handler as a stream when the operation streams its input
   * (S3 PutObject), otherwise read whole (S3 XML bodies) — checked against the signature either way.
   */
  #decode(
    wire: WireRequest,
    service: ServiceDefinition,
    ex: Exchange,
    req: IncomingMessage,
  ): Decoded | Promise<Decoded> {
    const operation = service.protocol.resolveOperation(service.model, wire);
    ex.operation = operation;
    const impl = service.operations.get(operation.name);
    if (!impl) throw CommonErrors.notImplemented(service.name, operation.name);
    const finish = (w: WireRequest): Decoded => {
      const input = service.protocol.decode(operation, w);
      ex.input = input;
      return { operation, input, impl, wire: w };
    };
    if (!service.streamingBody) return finish(wire);
    const body = this.#openBody(req, wire, service, ex);
    if (!body) return finish(wire);
    if (streamsInput(operation)) return finish(wire.withStream(body));
    return readBody(body, this.deps.maxBodyBytes, wire.header('content-length')).then((b) =>
      finish(wire.withBody(b)),
    );
  }

  /** The body checked as x-amz-content-sha256 says (src/aws/sigv4/payload.ts); undefined when there is none. */
  #openBody(
    req: IncomingMessage,
    wire: WireRequest,
    service: ServiceDefinition,
    ex: Exchange,
  ): PayloadStream | undefined {
    const claimed = ex.verified?.payloadHash ?? wire.header('x-amz-content-sha256') ?? UNSIGNED_PAYLOAD;
    const length = wire.header('content-length');
    if (wire.header('transfer-encoding') === undefined && (length === undefined || length === '0')) {
      if (/^[0-9a-f]{64}$/i.test(claimed) && claimed.toLowerCase() !== EMPTY_SHA256)
        throw service.authErrors({ kind: 'payload-hash-mismatch', claimed, computed: EMPTY_SHA256 });
      return undefined;
    }
    const decoded = wire.header('x-amz-decoded-content-length');
    const trailer = wire.header('x-amz-trailer');
    const body = openPayload({
      payloadHash: claimed,
      signing: ex.verified?.signing,
      decodedLength: decoded !== undefined && /^\d+$/.test(decoded) ? Number(decoded) : undefined,
      declaredTrailers: trailer
        ?.split(',')
        .map((t) => t.trim().toLowerCase())
        .filter((t) => t !== ''),
      toError: (f) => service.authErrors(f),
    });
    // A client that goes away mid-body fails the stream; the handler then discards what it wrote.
    const cut = () => {
      if (!req.complete && !body.destroyed) body.destroy(service.authErrors({ kind: 'incomplete-body' }));
    };
    // Whoever reads the body sees its errors; one may come after the handler has stopped reading (the
    // client going away once answered), and must not be an unhandled 'error' event.
    body.on('error', () => {});
    req.once('aborted', cut);
    req.once('error', cut);
    req.pipe(body);
    return body;
  }

  #validate(operation: OperationModel, input: ShapeObject, service: ServiceDefinition): void {
    if (!operation.input) return;
    const violations = validateInput(operation.input, input);
    if (violations.length > 0) throw service.protocol.validationError(violations);
  }

  #authorize(
    impl: AnyOperation,
    input: ShapeObject,
    ctx: RequestContext,
    service: ServiceDefinition,
  ): void | Promise<void> {
    if (impl.alwaysAllowed) return;
    const decide = (requests: AccessRequest[]): void | Promise<void> => {
      // Unknown means deny (STYLE.md §10): an operation that names nothing to authorize is refused.
      if (requests.length === 0) throw CommonErrors.internalFailure();
      const denial = this.deps.authorizer.authorize(requests, ctx);
      if (denial instanceof Promise) {
        return denial.then((d) => {
          if (d) throw service.accessDenied(d);
        });
      }
      if (denial) throw service.accessDenied(denial);
    };
    const requests = impl.access(input as never, ctx);
    return requests instanceof Promise ? requests.then(decide) : decide(requests);
  }

  #context(ex: Exchange, caller: Caller, wire: WireRequest, req: IncomingMessage): RequestContext {
    const authorizer = this.deps.authorizer;
    const ctx: RequestContext = {
      requestId: ex.id,
      caller,
      region: ex.region,
      now: ex.arrived,
      clock: this.deps.clock,
      sourceIp: sourceIp(req),
      secureTransport: false,
      userAgent: ex.userAgent,
      wire,
      authorize: (requests) => Promise.resolve(authorizer.authorize(requests, ctx)),
    };
    return ctx;
  }

  #renderError(e: unknown, ex: Exchange, req: IncomingMessage): WireResponse {
    let error: AwsError;
    if (isAwsError(e)) {
      error = e;
    } else {
      error = CommonErrors.internalFailure();
      this.deps.log.logger.error({ requestId: ex.id, err: e }, 'internal failure');
    }
    ex.error = error;
    const protocol = ex.service?.protocol ?? this.deps.fallbackProtocol;
    const response = protocol.encodeError(error, { requestId: ex.id });
    // A body we refused to read leaves the connection unusable for another request.
    if (error.code === 'RequestEntityTooLarge' || !req.complete) response.headers.connection = 'close';
    return response;
  }

  #send(req: IncomingMessage, res: ServerResponse, response: WireResponse, ex: Exchange): void {
    const { body } = response;
    if (typeof body === 'string' || Buffer.isBuffer(body)) {
      // A HEAD answer may state the length of what a GET would send (S3 HeadObject); keep it.
      if (req.method !== 'HEAD' || response.headers['content-length'] === undefined || response.status >= 300)
        response.headers['content-length'] = String(Buffer.byteLength(body));
      res.writeHead(response.status, response.headers);
      res.end(req.method === 'HEAD' ? undefined : body);
      this.#finish(req, response.status, ex);
    } else {
      res.writeHead(response.status, response.headers);
      body.on('error', (err) => {
        this.deps.log.logger.error({ requestId: ex.id, err }, 'response stream failed');
        res.destroy(err);
      });
      res.on('close', () => this.#finish(req, response.status, ex));
      body.pipe(res);
    }
  }

  #finish(req: IncomingMessage, status: number, ex: Exchange): void {
    const ms = performance.now() - ex.t0;
    const service = ex.service?.name;
    const operation = ex.operation?.name;
    this.deps.log.access({
      requestId: ex.id,
      service,
      action: operation,
      principal: ex.caller?.arn,
      accessKeyId: ex.caller?.accessKeyId,
      status,
      code: ex.error?.code,
      latencyMs: Math.round(ms * 1000) / 1000,
      sourceIp: sourceIp(req),
    });
    const m = this.deps.metrics;
    m.request(service ?? 'unknown', operation ?? 'unknown', status, ms / 1000);
    for (let i = 0; i < STAGES.length; i++) if (!Number.isNaN(ex.timings[i])) m.stage(i, ex.timings[i]!);
    if (this.deps.observers && ex.service) {
      const event: CompletedRequest = {
        requestId: ex.id,
        time: ex.arrived,
        service,
        operation,
        caller: ex.caller,
        status,
        errorCode: ex.error?.code,
        errorMessage: ex.error?.message,
        input: ex.input,
        sourceIp: sourceIp(req),
        userAgent: ex.userAgent,
        region: ex.region,
      };
      for (const o of this.deps.observers) o.completed(event);
    }
  }
}

interface Decoded {
  readonly operation: OperationModel;
  readonly input: ShapeObject;
  readonly impl: AnyOperation;
  readonly wire: WireRequest;
}

/** Whether the operation's input payload is a streaming blob (the handler reads the body itself). */
function streamsInput(operation: OperationModel): boolean {
  const payload = operation.input?.payload;
  if (payload === undefined) return false;
  const member = operation.input!.members.get(payload);
  return (
    member !== undefined && (member.streaming || (member.shape.type === 'blob' && member.shape.streaming))
  );
}

export function sourceIp(req: IncomingMessage): string {
  const a = req.socket.remoteAddress ?? '';
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}
