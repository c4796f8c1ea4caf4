// S3 on the generic restXml codec (src/aws/protocols/rest-xml.ts), with what is S3's alone:
// - virtual-hosted–style addressing: `bucket.s3.us-east-1.amazonaws.com/key` (or `bucket.localhost`)
//   is routed as `/bucket/key`; the signature is still checked against the request as sent;
// - sub-resources latchkey does not serve (`?acl`, `?versioning`, …) answer NotImplemented instead of
//   falling through to ListObjects or GetObject;
// - `<Error>` documents without a wrapper, with RequestId and HostId; x-amz-request-id / x-amz-id-2;
// - GetBucketLocation's bare `<LocationConstraint>` document, empty for us-east-1;
// - S3's codes for what the codec reports generically (MalformedXML, InvalidArgument, InternalError,
//   MaxMessageLengthExceeded), and 304 Not Modified without a body.
// Sources: Amazon S3 API Reference ("Virtual hosting of buckets", "Error responses", GetBucketLocation).

import type { AwsError } from '../../aws/errors.js';
import type { OperationModel, ServiceModel } from '../../aws/model/shapes.js';
import type { Protocol, ResponseContext, ShapeObject } from '../../aws/protocols/protocol.js';
import { RestXmlProtocol, type BindingLocation } from '../../aws/protocols/rest-xml.js';
import type { Violation } from '../../aws/protocols/validate.js';
import type { WireRequest, WireResponse } from '../../aws/protocols/wire.js';
import { escapeXml, XML_DECLARATION } from '../../aws/protocols/xml.js';
import { S3Errors } from './errors.js';

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** Root elements of outputs that have no payload member (the names S3 sends; Smithy's @xmlName). */
const OUTPUT_ROOTS = new Map([
  ['ListBuckets', 'ListAllMyBucketsResult'],
  ['ListObjects', 'ListBucketResult'],
  ['ListObjectsV2', 'ListBucketResult'],
  ['ListMultipartUploads', 'ListMultipartUploadsResult'],
  ['ListParts', 'ListPartsResult'],
  ['CreateMultipartUpload', 'InitiateMultipartUploadResult'],
  ['CompleteMultipartUpload', 'CompleteMultipartUploadResult'],
  ['DeleteObjects', 'DeleteResult'],
  ['GetObjectTagging', 'Tagging'],
  ['GetBucketTagging', 'Tagging'],
  ['GetBucketLocation', 'LocationConstraint'],
]);

/** Sub-resources of S3's API that latchkey does not serve (Amazon S3 API Reference, Actions). */
const UNSERVED_SUBRESOURCES = [
  'acl',
  'accelerate',
  'analytics',
  'attributes',
  'cors',
  'encryption',
  'intelligent-tiering',
  'inventory',
  'legal-hold',
  'lifecycle',
  'logging',
  'metadataConfiguration',
  'metadataTable',
  'metrics',
  'notification',
  'object-lock',
  'ownershipControls',
  'publicAccessBlock',
  'renameObject',
  'replication',
  'requestPayment',
  'restore',
  'retention',
  'select',
  'session',
  'torrent',
  'versioning',
  'versions',
  'website',
];

const IP_HOST = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:.]+\])$/;
const AWS_S3_HOST = /^(.+)\.s3(?:[.-](?:dualstack\.)?[a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?$/;

/** The bucket a Host header names (virtual-hosted style), or undefined for path-style requests. */
export function bucketFromHost(host: string | undefined, domains: readonly string[]): string | undefined {
  if (!host) return undefined;
  const name = (
    host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '')
  ).toLowerCase();
  if (IP_HOST.test(name)) return undefined;
  for (const d of domains) if (name.endsWith('.' + d)) return name.slice(0, -(d.length + 1));
  // `s3.amazonaws.com` and `s3.us-east-1.amazonaws.com` themselves do not match: path-style endpoints.
  return AWS_S3_HOST.exec(name)?.[1];
}

function malformedValue(
  location: BindingLocation,
  name: string,
  value: string,
  expected: string,
): AwsError | undefined {
  // HTTP: a date header that cannot be parsed is ignored (If-Modified-Since, Expires, …).
  if (expected === 'a timestamp' && location === 'header') return undefined;
  if (name === 'max-keys')
    return S3Errors.invalidArgument('Provided max-keys not an integer or within integer range', name, value);
  if (name === 'partNumber')
    return S3Errors.invalidArgument(
      'Part number must be an integer between 1 and 10000, inclusive',
      name,
      value,
    );
  return S3Errors.invalidArgument(`Invalid value for ${name}: expected ${expected}`, name, value);
}

function validationError(violations: readonly Violation[]): AwsError {
  const v = violations[0]!;
  if (v.member === 'LocationConstraint') return S3Errors.invalidLocationConstraint(v.value ?? '');
  if (/^(tagging|delete|multipartUpload|createBucketConfiguration)\b/.test(v.path)) {
    if (/tagSet\.\d+\.member\.(key|value)$/.test(v.path) && v.kind !== 'required')
      return S3Errors.invalidTag(`The Tag${v.member} you have provided is invalid`);
    return S3Errors.malformedXml();
  }
  if (v.member === 'Policy')
    return S3Errors.malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
  if (v.member === 'StorageClass') return S3Errors.invalidStorageClass(v.value ?? '');
  if (v.member === 'EncodingType')
    return S3Errors.invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', v.value);
  if (v.member === 'MetadataDirective')
    return S3Errors.invalidArgument('Unknown metadata directive.', 'x-amz-metadata-directive', v.value);
  if (v.member === 'TaggingDirective')
    return S3Errors.invalidArgument('Unknown tagging directive.', 'x-amz-tagging-directive', v.value);
  if (v.member === 'ChecksumAlgorithm')
    return S3Errors.invalidRequest(
      'Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]',
    );
  if (v.kind === 'required') return S3Errors.invalidRequest(`Missing required parameter ${v.member}`);
  return S3Errors.invalidArgument(`${v.rule.replace(/^Member/, v.member)}`, v.member, v.value);
}

const NO_CONTENT = new Set(['PutBucketPolicy', 'PutBucketTagging']);

export class S3Protocol implements Protocol {
  readonly name = 'rest-xml';
  readonly #inner: RestXmlProtocol;
  readonly #pathStyle = new WeakMap<WireRequest, WireRequest>();

  constructor(
    model: ServiceModel,
    private readonly virtualHostDomains: readonly string[],
  ) {
    this.#inner = new RestXmlProtocol(model, {
      xmlNamespace: S3_NAMESPACE,
      outputRoots: OUTPUT_ROOTS,
      bareErrors: true,
      responseHeaders: (ctx) => ({ 'x-amz-request-id': ctx.requestId, 'x-amz-id-2': hostId(ctx) }),
      errorTrailer: (ctx) => ({ HostId: hostId(ctx) }),
      noSuchOperation: (req) =>
        S3Errors.methodNotAllowed(
          req.method,
          req.path === '/' ? 'SERVICE' : req.path.indexOf('/', 1) === -1 ? 'BUCKET' : 'OBJECT',
        ),
      malformedBody: () => S3Errors.malformedXml(),
      malformedValue,
      validationError,
    });
  }

  /** The request as path-style: `/bucket/key`, whatever the Host said. */
  #path(req: WireRequest): WireRequest {
    let out = this.#pathStyle.get(req);
    if (out) return out;
    const bucket = bucketFromHost(req.header('host'), this.virtualHostDomains);
    out =
      bucket === undefined
        ? req
        : req.withTarget(
            `/${encodeURIComponent(bucket)}${req.path}${req.rawQuery ? '?' + req.rawQuery : ''}`,
          );
    this.#pathStyle.set(req, out);
    return out;
  }

  resolveOperation(model: ServiceModel, req: WireRequest): OperationModel {
    const r = this.#path(req);
    if (r.rawQuery !== '') {
      for (const name of UNSERVED_SUBRESOURCES) {
        if (r.query.has(name)) throw S3Errors.notImplementedFeature(`the S3 ?${name} sub-resource`);
      }
    }
    return this.#inner.resolveOperation(model, r);
  }

  decode(operation: OperationModel, req: WireRequest): ShapeObject {
    return this.#inner.decode(operation, this.#path(req));
  }

  validationError(violations: readonly Violation[]): AwsError {
    return this.#inner.validationError(violations);
  }

  encode(operation: OperationModel, output: ShapeObject | undefined, ctx: ResponseContext): WireResponse {
    if (operation.name === 'GetBucketLocation') {
      // `<LocationConstraint xmlns="…">eu-west-1</LocationConstraint>`, empty for us-east-1.
      const lc = output?.LocationConstraint;
      const body =
        typeof lc === 'string' && lc !== ''
          ? `${XML_DECLARATION}\n<LocationConstraint xmlns="${S3_NAMESPACE}">${escapeXml(lc)}</LocationConstraint>`
          : `${XML_DECLARATION}\n<LocationConstraint xmlns="${S3_NAMESPACE}"/>`;
      return {
        status: 200,
        headers: {
          'x-amz-request-id': ctx.requestId,
          'x-amz-id-2': hostId(ctx),
          'content-type': 'application/xml',
        },
        body,
      };
    }
    const response = this.#inner.encode(operation, output, ctx);
    // A range or a part of an object is 206 Partial Content (the model has no status member for it).
    if (
      (operation.name === 'GetObject' || operation.name === 'HeadObject') &&
      output?.ContentRange !== undefined
    )
      response.status = 206;
    // S3 answers these with 204 No Content although the model names no response code (S3 API
    // Reference, PutBucketPolicy and PutBucketTagging examples: "HTTP/1.1 204 No Content").
    if (NO_CONTENT.has(operation.name)) return { ...response, status: 204, body: '' };
    return response;
  }

  encodeError(error: AwsError, ctx: ResponseContext): WireResponse {
    let e = error;
    if (e.code === 'InternalFailure') e = S3Errors.internalError();
    else if (e.code === 'RequestEntityTooLarge') e = S3Errors.maxMessageLengthExceeded();
    const response = this.#inner.encodeError(e, ctx);
    if (e.status === 304) {
      delete response.headers['content-type'];
      return { ...response, body: '' };
    }
    return response;
  }
}

/** x-amz-id-2 / HostId: an opaque base64 token, derived from the request id so the two correlate. */
function hostId(ctx: ResponseContext): string {
  return Buffer.from(ctx.requestId).toString('base64');
}
