// restXml (S3, and AWS's other REST-XML services): the operation is named by the HTTP method and path
// (./rest-routes.ts); input members are bound by their model traits — `uri` labels, `querystring`,
// `header`, `headers` (a prefix map such as `x-amz-meta-`) — and the `payload` member is the body: raw
// bytes or a stream for blobs and strings, an XML document for structures (./xml-reader.ts). Outputs
// are the mirror image, with `statusCode` members and the operation's `responseCode`.
//
// Service-specific wording (S3's MalformedXML, InvalidArgument, the root element names AWS uses for
// outputs that have no payload member, `<Error>` without a wrapper) comes in through the options; the
// codec names no service. Reference: the Smithy restXml protocol spec and botocore's RestXMLParser /
// RestXMLSerializer, read for the binding rules only.

import { Readable } from 'node:stream';
import { type AwsError, CommonErrors } from '../errors.js';
import type { Member, OperationModel, ServiceModel, Shape, StructureShape } from '../model/shapes.js';
import type { Protocol, ResponseContext, ShapeObject, ShapeValue } from './protocol.js';
import { RestRouter, type RouteMatch } from './rest-routes.js';
import { formatTimestamp, parseTimestamp } from './timestamps.js';
import { describeViolations, type Violation } from './validate.js';
import type { WireRequest, WireResponse } from './wire.js';
import { XmlShapeWriter } from './xml-shape-writer.js';
import { parseXmlDocument, readXmlValue, XmlReadError } from './xml-reader.js';
import { escapeXml, XML_DECLARATION } from './xml.js';

/** Where a malformed value was found. */
export type BindingLocation = 'header' | 'querystring' | 'uri' | 'body';

export interface RestXmlOptions {
  /** The namespace on response documents (`http://s3.amazonaws.com/doc/2006-03-01/`). */
  readonly xmlNamespace?: string;
  /**
   * Root element names of outputs that have no payload member, by operation (the botocore model does
   * not carry them; Smithy's `@xmlName` does). Default: the output shape's name.
   */
  readonly outputRoots?: ReadonlyMap<string, string>;
  /** `<Error>` as the document root (S3) instead of `<ErrorResponse><Error>…</Error></ErrorResponse>`. */
  readonly bareErrors?: boolean;
  /** Extra response headers on every answer (request ids). */
  readonly responseHeaders?: (ctx: ResponseContext) => Record<string, string>;
  /** Elements after `<RequestId>` in error documents (S3's `<HostId>`). */
  readonly errorTrailer?: (ctx: ResponseContext) => Record<string, string>;
  /** No operation has this method and path. Default: InvalidAction. */
  readonly noSuchOperation?: (req: WireRequest, methodKnown: boolean) => AwsError;
  /** An XML body that is not well-formed, or does not fit its shape. */
  readonly malformedBody?: (reason: string) => AwsError;
  /**
   * A header, query or label value that cannot be read as its member's type. Return undefined to
   * ignore the value (HTTP says to ignore a malformed If-Modified-Since, for example).
   */
  readonly malformedValue?: (
    location: BindingLocation,
    name: string,
    value: string,
    expected: string,
  ) => AwsError | undefined;
  readonly validationError?: (violations: readonly Violation[]) => AwsError;
}

export class RestXmlProtocol implements Protocol {
  readonly name = 'rest-xml';
  readonly #router: RestRouter;
  readonly #writer = new XmlShapeWriter({ timestamps: 'iso8601-ms' });
  readonly #xmlns: string;
  /** resolveOperation's match, reused by decode for the same request. */
  readonly #matches = new WeakMap<WireRequest, RouteMatch>();

  constructor(
    model: ServiceModel,
    private readonly opts: RestXmlOptions = {},
  ) {
    this.#router = new RestRouter(model);
    this.#xmlns = opts.xmlNamespace ? ` xmlns="${escapeXml(opts.xmlNamespace)}"` : '';
  }

  resolveOperation(_model: ServiceModel, req: WireRequest): OperationModel {
    const match = this.#router.match(req);
    if (match) {
      this.#matches.set(req, match);
      return match.operation;
    }
    const methodKnown = this.#router.hasMethod(req.method);
    throw this.opts.noSuchOperation?.(req, methodKnown) ?? CommonErrors.invalidAction(req.method, undefined);
  }

  decode(operation: OperationModel, req: WireRequest): ShapeObject {
    const shape = operation.input;
    if (!shape) return {};
    const match = this.#matches.get(req) ?? this.#router.match(req);
    const labels = match?.operation === operation ? match.labels : new Map<string, string>();
    const out: ShapeObject = {};
    for (const [name, member] of shape.members) {
      const value = this.#readMember(name, member, shape, req, labels);
      if (value !== undefined) out[name] = value;
    }
    return out;
  }

  #readMember(
    name: string,
    member: Member,
    shape: StructureShape,
    req: WireRequest,
    labels: ReadonlyMap<string, string>,
  ): ShapeValue {
    const wireName = member.locationName ?? name;
    switch (member.location) {
      case 'uri': {
        const raw = labels.get(wireName);
        return raw === undefined ? undefined : this.#scalar(member.shape, raw, 'uri', wireName);
      }
      case 'querystring': {
        if (member.shape.type === 'list') {
          const all = req.query.getAll(wireName);
          return all.length === 0
            ? undefined
            : all.map((v) =>
                this.#scalar(
                  member.shape.type === 'list' ? member.shape.member.shape : member.shape,
                  v,
                  'querystring',
                  wireName,
                ),
              );
        }
        const raw = req.query.get(wireName);
        return raw === null ? undefined : this.#scalar(member.shape, raw, 'querystring', wireName);
      }
      case 'header': {
        const raw = req.header(wireName.toLowerCase());
        if (raw === undefined) return undefined;
        if (member.shape.type === 'list') {
          return raw
            .split(',')
            .map((v) => v.trim())
            .filter((v) => v !== '')
            .map((v) =>
              this.#scalar(
                member.shape.type === 'list' ? member.shape.member.shape : member.shape,
                v,
                'header',
                wireName,
              ),
            );
        }
        return this.#scalar(member.shape, raw, 'header', wireName, member.timestampFormat);
      }
      case 'headers': {
        const prefix = wireName.toLowerCase();
        let map: ShapeObject | undefined;
        for (const h in req.headerValues) {
          if (!h.startsWith(prefix)) continue;
          (map ??= {})[h.slice(prefix.length)] = req.header(h);
        }
        return map;
      }
      case 'statusCode':
        return undefined;
      default:
        if (shape.payload === name) return this.#payload(member, req);
        return undefined;
    }
  }

  #payload(member: Member, req: WireRequest): ShapeValue {
    const shape = member.shape;
    if (shape.type === 'blob' || (shape.type === 'string' && (member.streaming || shape.streaming))) {
      if (req.stream) return req.stream;
      return req.body.length === 0 && !shape.streaming ? undefined : req.body;
    }
    if (shape.type === 'string') return req.body.length === 0 ? undefined : req.body.toString('utf8');
    if (shape.type !== 'structure') return undefined;
    if (req.body.length === 0) return undefined;
    const expected = member.locationName ?? shape.locationName ?? shape.name;
    try {
      const { root, content } = parseXmlDocument(req.body.toString('utf8'));
      if (root !== expected) throw new XmlReadError(`root element is <${root}>, expected <${expected}>`);
      return readXmlValue(shape, content);
    } catch (e) {
      if (e instanceof XmlReadError) throw this.#malformedBody(e.message);
      throw e;
    }
  }

  #malformedBody(reason: string): AwsError {
    return (
      this.opts.malformedBody?.(reason) ?? CommonErrors.validationError(`Malformed request body: ${reason}`)
    );
  }

  #scalar(
    shape: Shape,
    raw: string,
    location: BindingLocation,
    name: string,
    timestampFormat?: string,
  ): ShapeValue {
    const bad = (expected: string): ShapeValue => {
      const error = this.opts.malformedValue
        ? this.opts.malformedValue(location, name, raw, expected)
        : CommonErrors.validationError(`Value '${raw}' for ${name} is not ${expected}`);
      if (error) throw error;
      return undefined;
    };
    switch (shape.type) {
      case 'integer':
      case 'long': {
        const t = raw.trim();
        return /^[+-]?\d{1,16}$/.test(t) ? Number(t) : bad('an integer');
      }
      case 'double':
      case 'float': {
        const n = Number(raw.trim());
        return raw.trim() === '' || Number.isNaN(n) ? bad('a number') : n;
      }
      case 'boolean': {
        const l = raw.trim().toLowerCase();
        return l === 'true' ? true : l === 'false' ? false : bad('true or false');
      }
      case 'timestamp': {
        const format = timestampFormat ?? shape.timestampFormat;
        const d = format === 'unixTimestamp' && !/^\d+(\.\d+)?$/.test(raw) ? undefined : parseTimestamp(raw);
        return d ?? bad('a timestamp');
      }
      case 'blob':
        return Buffer.from(raw, 'base64');
      default:
        return raw;
    }
  }

  validationError(violations: readonly Violation[]): AwsError {
    return (
      this.opts.validationError?.(violations) ?? CommonErrors.validationError(describeViolations(violations))
    );
  }

  encode(operation: OperationModel, output: ShapeObject | undefined, ctx: ResponseContext): WireResponse {
    const headers: Record<string, string> = { ...this.opts.responseHeaders?.(ctx) };
    let status = operation.http.responseCode ?? 200;
    let body: string | Buffer | Readable = '';
    const shape = operation.output;
    if (!shape || !output) return { status, headers, body };
    let hasBodyMembers = false;
    for (const [name, member] of shape.members) {
      const v = output[name];
      switch (member.location) {
        case 'header':
          if (v !== undefined)
            headers[(member.locationName ?? name).toLowerCase()] = this.#headerValue(member, v);
          break;
        case 'headers':
          if (v !== undefined) {
            const prefix = (member.locationName ?? name).toLowerCase();
            for (const [k, val] of Object.entries(v as ShapeObject))
              if (val !== undefined) headers[prefix + k] = String(val);
          }
          break;
        case 'statusCode':
          if (typeof v === 'number') status = v;
          break;
        case 'uri':
        case 'querystring':
          break;
        default:
          if (shape.payload === undefined) hasBodyMembers = true;
      }
    }
    if (shape.payload !== undefined) {
      const member = shape.members.get(shape.payload)!;
      const v = output[shape.payload];
      if (v !== undefined) {
        const mshape = member.shape;
        if (mshape.type === 'structure') {
          const root = member.locationName ?? mshape.locationName ?? mshape.name;
          body = this.#document(root, this.#writer.members(mshape, v as ShapeObject));
          headers['content-type'] ??= 'application/xml';
        } else if (v instanceof Readable || Buffer.isBuffer(v) || typeof v === 'string') {
          body = v;
        } else {
          body = String(v);
        }
      }
    } else if (hasBodyMembers) {
      const root = this.opts.outputRoots?.get(operation.name) ?? shape.locationName ?? shape.name;
      body = this.#document(root, this.#writer.members(shape, output));
      headers['content-type'] = 'application/xml';
    }
    return { status, headers, body };
  }

  #document(root: string, inner: string): string {
    return `${XML_DECLARATION}\n<${root}${this.#xmlns}>${inner}</${root}>`;
  }

  #headerValue(member: Member, v: ShapeValue): string {
    const shape = member.shape;
    if (shape.type === 'timestamp') {
      const d = v instanceof Date ? v : new Date(String(v));
      const format = member.timestampFormat ?? shape.timestampFormat ?? 'rfc822';
      return formatTimestamp(
        d,
        format === 'iso8601' ? 'iso8601' : format === 'unixTimestamp' ? 'unixTimestamp' : 'rfc822',
      );
    }
    if (shape.type === 'list') return (v as ShapeValue[]).map(String).join(', ');
    if (Buffer.isBuffer(v)) return v.toString('base64');
    return String(v);
  }

  encodeError(error: AwsError, ctx: ResponseContext): WireResponse {
    const headers: Record<string, string> = {
      ...this.opts.responseHeaders?.(ctx),
      'content-type': 'application/xml',
      ...error.headers,
    };
    let fields = `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>`;
    for (const [k, v] of Object.entries(error.extra)) fields += `<${k}>${escapeXml(v)}</${k}>`;
    let trailer = '';
    for (const [k, v] of Object.entries(this.opts.errorTrailer?.(ctx) ?? {}))
      trailer += `<${k}>${escapeXml(v)}</${k}>`;
    const body = this.opts.bareErrors
      ? `${XML_DECLARATION}\n<Error>${fields}<RequestId>${ctx.requestId}</RequestId>${trailer}</Error>`
      : `${XML_DECLARATION}\n<ErrorResponse${this.#xmlns}><Error><Type>${error.fault === 'server' ? 'Receiver' : 'Sender'}</Type>` +
        `${fields}</Error><RequestId>${ctx.requestId}</RequestId>${trailer}</ErrorResponse>`;
    return { status: error.status, headers, body };
  }
}
