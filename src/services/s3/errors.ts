// S3's errors, one catalogue (STYLE.md §6): AWS's code, HTTP status and message, and the extra elements
// S3 puts in its <Error> document. Codes, statuses and texts: Amazon S3 API Reference, "Error responses
// — List of error codes" (ErrorResponses.html); texts seen on the wire are cited where the page has
// none. Authentication failures are worded in src/aws/sigv4/auth-errors.ts (s3AuthErrors).
import { AwsError } from '../../aws/errors.js';

const e = (
  code: string,
  message: string,
  status: number,
  extra?: Record<string, string>,
  headers?: Record<string, string>,
) => new AwsError(code, message, status, { ...(extra ? { extra } : {}), ...(headers ? { headers } : {}) });

export const S3Errors = {
  noSuchBucket: (bucket: string) =>
    e('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket }),
  noSuchKey: (key: string) => e('NoSuchKey', 'The specified key does not exist.', 404, { Key: key }),
  noSuchUpload: (uploadId: string) =>
    e(
      'NoSuchUpload',
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      404,
      { UploadId: uploadId },
    ),
  noSuchBucketPolicy: (bucket: string) =>
    e('NoSuchBucketPolicy', 'The bucket policy does not exist', 404, { BucketName: bucket }),
  noSuchTagSet: (bucket: string) =>
    e('NoSuchTagSet', 'The TagSet does not exist', 404, { BucketName: bucket }),
  bucketAlreadyExists: (bucket: string) =>
    e(
      'BucketAlreadyExists',
      'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
      409,
      { BucketName: bucket },
    ),
  bucketAlreadyOwnedByYou: (bucket: string) =>
    e(
      'BucketAlreadyOwnedByYou',
      'Your previous request to create the named bucket succeeded and you already own it.',
      409,
      { BucketName: bucket },
    ),
  bucketNotEmpty: (bucket: string) =>
    e('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, { BucketName: bucket }),
  invalidBucketName: (bucket: string) =>
    e('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: bucket }),
  invalidLocationConstraint: (constraint: string) =>
    e('InvalidLocationConstraint', 'The specified location-constraint is not valid', 400, {
      LocationConstraint: constraint,
    }),
  /** The wording S3 uses when the constraint and the endpoint's region differ (seen on the wire). */
  illegalLocationConstraint: (constraint: string | undefined) =>
    e(
      'IllegalLocationConstraintException',
      constraint === undefined
        ? 'The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.'
        : `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`,
      400,
    ),
  /** A signed request for a bucket in another region; botocore re-signs for x-amz-bucket-region. */
  wrongRegion: (signed: string, bucketRegion: string, presigned: boolean) =>
    presigned
      ? e(
          'AuthorizationQueryParametersError',
          `Error parsing the X-Amz-Credential parameter; the region '${signed}' is wrong; expecting '${bucketRegion}'`,
          400,
          { Region: bucketRegion },
          { 'x-amz-bucket-region': bucketRegion },
        )
      : e(
          'AuthorizationHeaderMalformed',
          `The authorization header is malformed; the region '${signed}' is wrong; expecting '${bucketRegion}'`,
          400,
          { Region: bucketRegion },
          { 'x-amz-bucket-region': bucketRegion },
        ),
  accessDenied: (message = 'Access Denied') => e('AccessDenied', message, 403),
  malformedXml: () =>
    e(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
      400,
    ),
  malformedPolicy: (message: string) => e('MalformedPolicy', message, 400),
  invalidArgument: (message: string, name: string, value: string | undefined) =>
    e('InvalidArgument', message, 400, {
      ArgumentName: name,
      ...(value !== undefined ? { ArgumentValue: value } : {}),
    }),
  invalidRequest: (message: string) => e('InvalidRequest', message, 400),
  invalidTag: (message: string) => e('InvalidTag', message, 400),
  invalidRange: (requested: string, size: number) =>
    e(
      'InvalidRange',
      'The requested range is not satisfiable',
      416,
      {
        RangeRequested: requested,
        ActualObjectSize: String(size),
      },
      { 'content-range': `bytes */${size}` },
    ),
  preconditionFailed: (condition: string) =>
    e('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, {
      Condition: condition,
    }),
  /** 304 has no body; the protocol drops it (HTTP), the headers stay. */
  notModified: (headers: Record<string, string>) => e('NotModified', 'Not Modified', 304, undefined, headers),
  conditionalRequestConflict: () =>
    e(
      'ConditionalRequestConflict',
      'A conflicting operation occurred. If using PutObject you can retry the request. If using multipart upload you should initiate another CreateMultipartUpload request and re-upload each part.',
      409,
    ),
  badDigest: () => e('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400),
  badChecksum: (algorithm: string) =>
    e('BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`, 400),
  invalidDigest: (md5: string) =>
    e('InvalidDigest', 'The Content-MD5 you specified is not valid.', 400, { 'Content-MD5': md5 }),
  missingContentLength: () =>
    e('MissingContentLength', 'You must provide the Content-Length HTTP header.', 411),
  entityTooLarge: (size: number, max: number) =>
    e('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', 400, {
      ProposedSize: String(size),
      MaxSizeAllowed: String(max),
    }),
  entityTooSmall: (size: number, partNumber: number, etag: string) =>
    e('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', 400, {
      ProposedSize: String(size),
      MinSizeAllowed: '5242880',
      PartNumber: String(partNumber),
      ETag: etag,
    }),
  invalidPart: (uploadId: string, partNumber: number, etag: string) =>
    e(
      'InvalidPart',
      "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
      400,
      { UploadId: uploadId, PartNumber: String(partNumber), ETag: etag },
    ),
  invalidPartOrder: (uploadId: string, partNumber: number) =>
    e(
      'InvalidPartOrder',
      'The list of parts was not in ascending order. Parts must be ordered by part number.',
      400,
      { UploadId: uploadId, PartNumber: String(partNumber) },
    ),
  keyTooLong: (size: number) =>
    e('KeyTooLongError', 'Your key is too long', 400, { Size: String(size), MaxSizeAllowed: '1024' }),
  metadataTooLarge: (size: number) =>
    e('MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size.', 400, {
      Size: String(size),
      MaxSizeAllowed: '2048',
    }),
  invalidStorageClass: (value: string) =>
    e('InvalidStorageClass', 'The storage class you specified is not valid', 400, {
      StorageClassRequested: value,
    }),
  notImplemented: (header: string) =>
    e('NotImplemented', 'A header you provided implies functionality that is not implemented', 501, {
      Header: header,
    }),
  /** An S3 feature latchkey does not offer (a sub-resource such as ?acl, or KMS encryption). */
  notImplementedFeature: (what: string) => e('NotImplemented', `latchkey does not implement ${what}.`, 501),
  aclNotSupported: () => e('AccessControlListNotSupported', 'The bucket does not allow ACLs', 400),
  methodNotAllowed: (method: string, resourceType: 'BUCKET' | 'OBJECT' | 'SERVICE') =>
    e('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, {
      Method: method,
      ResourceType: resourceType,
    }),
  invalidUri: () => e('InvalidURI', "Couldn't parse the specified URI.", 400),
  maxMessageLengthExceeded: () => e('MaxMessageLengthExceeded', 'Your request was too big.', 400),
  internalError: () => e('InternalError', 'We encountered an internal error. Please try again.', 500),
  invalidPartNumber: (requested: number, count: number) =>
    e('InvalidPartNumber', 'The requested partnumber is not satisfiable', 416, {
      PartNumberRequested: String(requested),
      ActualPartCount: String(count),
    }),
  tooManyParts: () =>
    e('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive', 400, {
      ArgumentName: 'partNumber',
    }),
} as const;
