// How each protocol family words an authentication failure. The same failure is a different error in
// IAM/STS, EC2 and S3 (reference iam-sts-policy.md §4.5; imds-ec2.md §C.1; S3's error table).

import { AwsError } from '../errors.js';
import type { ParseFailure } from './parse.js';
import { formatAmzDate } from './parse.js';
import type { PayloadFailure } from './payload.js';
import { MAX_SKEW_MS, type VerifyFailure } from './verify.js';

export type AuthFailure = ParseFailure | VerifyFailure | PayloadFailure;

export type AuthErrorMapper = (failure: AuthFailure) => AwsError;

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** `Signature expired: X is now earlier than Y (Z - 15 min.)` — seen on the wire (aws/aws-cli#6676). */
export function skewMessage(amzDate: string, serverTime: number, future: boolean): string {
  const now = formatAmzDate(serverTime);
  return future
    ? `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(serverTime + MAX_SKEW_MS)} (${now} + 15 min.)`
    : `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(serverTime - MAX_SKEW_MS)} (${now} - 15 min.)`;
}

/** IAM and STS (awsQuery). */
export const queryAuthErrors: AuthErrorMapper = (f) => {
  switch (f.kind) {
    case 'missing':
      return new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
    case 'incomplete':
      return new AwsError('IncompleteSignature', f.message, 400);
    case 'scope':
      return new AwsError('SignatureDoesNotMatch', f.message, 403);
    case 'skew':
      return new AwsError('SignatureDoesNotMatch', skewMessage(f.amzDate, f.serverTime, f.future), 403);
    case 'presign-expired':
    case 'v2-expired':
      return new AwsError('RequestExpired', 'Request has expired.', 400);
    case 'credential':
      return f.reason === 'expired-token'
        ? new AwsError('ExpiredToken', 'The security token included in the request is expired', 403)
        : new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
    case 'payload-hash-mismatch':
    case 'mismatch':
    case 'content-sha256-missing':
    case 'content-sha256-invalid':
    case 'chunk-signature':
    case 'chunk-malformed':
    case 'chunk-too-small':
    case 'trailer-malformed':
    case 'decoded-length':
    case 'incomplete-body':
      return new AwsError('SignatureDoesNotMatch', SIGNATURE_MISMATCH, 403);
  }
};

/** EC2: AuthFailure (401) for bad keys and signatures, RequestExpired for the time window. */
export const ec2AuthErrors: AuthErrorMapper = (f) => {
  const authFailure = () =>
    new AwsError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401);
  switch (f.kind) {
    case 'missing':
      return new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 401);
    case 'incomplete':
      return new AwsError('IncompleteSignature', f.message, 400);
    case 'skew':
    case 'presign-expired':
    case 'v2-expired':
      return new AwsError(
        'RequestExpired',
        'Request has expired. The request reached the service more than 15 minutes after the date stamp on the request or more than 15 minutes after the request expiration date, or the date stamp on the request is more than 15 minutes in the future.',
        400,
      );
    case 'credential':
      return f.reason === 'expired-token'
        ? new AwsError('RequestExpired', 'Request has expired.', 400)
        : authFailure();
    case 'scope':
    case 'payload-hash-mismatch':
    case 'mismatch':
    case 'content-sha256-missing':
    case 'content-sha256-invalid':
    case 'chunk-signature':
    case 'chunk-malformed':
    case 'chunk-too-small':
    case 'trailer-malformed':
    case 'decoded-length':
    case 'incomplete-body':
      return authFailure();
  }
};

/** ISO-8601 without fractions, as S3 writes ServerTime and Expires in its error documents. */
const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** S3's `StringToSignBytes` / `CanonicalRequestBytes`: each UTF-8 byte as two hex digits, space-separated. */
export function spacedHex(text: string): string {
  return Buffer.from(text, 'utf8')
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1 ');
}

/** x-amz-content-sha256's valid values, as S3 lists them when refusing another. */
const CONTENT_SHA256_VALUES =
  'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.';

const S3_SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.';

/**
 * S3: its own codes, and details in the error document (Amazon S3 API Reference, "Error responses";
 * the texts are as S3 sends them, quoted in public issue trackers: e.g. aws/aws-cli#2347 for
 * SignatureDoesNotMatch with StringToSignBytes, volojs/volo#218 for AuthorizationQueryParametersError).
 */
export const s3AuthErrors: AuthErrorMapper = (f) => {
  switch (f.kind) {
    case 'missing':
      return new AwsError('AccessDenied', 'Access Denied', 403);
    case 'incomplete':
      return f.form === 'query'
        ? new AwsError(
            'AuthorizationQueryParametersError',
            /must include/.test(f.message)
              ? 'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.'
              : f.message,
            400,
          )
        : new AwsError(
            'AuthorizationHeaderMalformed',
            `The authorization header is malformed; ${f.message}`,
            400,
          );
    case 'scope': {
      const message = /Date in Credential scope/.test(f.message)
        ? 'Invalid credential date. Date is not the same as X-Amz-Date.'
        : f.message;
      return f.form === 'query'
        ? new AwsError('AuthorizationQueryParametersError', message, 400)
        : new AwsError(
            'AuthorizationHeaderMalformed',
            `The authorization header is malformed; ${message}`,
            400,
          );
    }
    case 'skew':
      if (f.form === 'query') return new AwsError('AccessDenied', 'Request is not valid yet', 403);
      return new AwsError(
        'RequestTimeTooSkewed',
        'The difference between the request time and the current time is too large.',
        403,
        {
          extra: {
            RequestTime: f.amzDate,
            ServerTime: isoSeconds(f.serverTime),
            MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS),
          },
        },
      );
    case 'presign-expired': {
      const signedAt = Date.parse(
        f.amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'),
      );
      return new AwsError('AccessDenied', 'Request has expired', 403, {
        extra: {
          'X-Amz-Expires': String(f.expires),
          Expires: isoSeconds(signedAt + f.expires * 1000),
          ServerTime: isoSeconds(f.serverTime),
        },
      });
    }
    case 'v2-expired':
      return new AwsError('AccessDenied', 'Request has expired', 403, {
        extra: { Expires: isoSeconds(f.expires * 1000), ServerTime: isoSeconds(f.serverTime) },
      });
    case 'credential':
      switch (f.reason) {
        case 'expired-token':
          return new AwsError('ExpiredToken', 'The provided token has expired.', 400);
        case 'invalid-token':
          return new AwsError('InvalidToken', 'The provided token is malformed or otherwise invalid.', 400);
        default:
          return new AwsError(
            'InvalidAccessKeyId',
            'The AWS Access Key Id you provided does not exist in our records.',
            403,
            { extra: { AWSAccessKeyId: f.accessKeyId } },
          );
      }
    case 'content-sha256-missing':
      return new AwsError(
        'InvalidRequest',
        'Missing required header for this request: x-amz-content-sha256',
        400,
      );
    case 'content-sha256-invalid':
      return new AwsError('InvalidArgument', CONTENT_SHA256_VALUES, 400, {
        extra: { ArgumentName: 'x-amz-content-sha256', ArgumentValue: f.value },
      });
    case 'payload-hash-mismatch':
      return new AwsError(
        'XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
        400,
        { extra: { ClientComputedContentSHA256: f.claimed, S3ComputedContentSHA256: f.computed } },
      );
    case 'mismatch':
      return new AwsError('SignatureDoesNotMatch', S3_SIGNATURE_MISMATCH, 403, {
        extra: {
          AWSAccessKeyId: f.accessKeyId,
          StringToSign: f.stringToSign,
          SignatureProvided: f.provided,
          StringToSignBytes: spacedHex(f.stringToSign),
          // V2 signatures have no canonical request.
          ...(f.canonicalRequest !== ''
            ? { CanonicalRequest: f.canonicalRequest, CanonicalRequestBytes: spacedHex(f.canonicalRequest) }
            : {}),
        },
      });
    case 'chunk-signature':
      return new AwsError('SignatureDoesNotMatch', S3_SIGNATURE_MISMATCH, 403, {
        extra: {
          AWSAccessKeyId: f.accessKeyId,
          StringToSign: f.stringToSign,
          SignatureProvided: f.provided,
          StringToSignBytes: spacedHex(f.stringToSign),
        },
      });
    case 'chunk-too-small':
      return new AwsError(
        'InvalidChunkSizeError',
        'Only the last chunk is allowed to have a size less than 8192 bytes',
        400,
      );
    case 'chunk-malformed':
      return new AwsError(
        'IncompleteBody',
        `The request body is not valid aws-chunked encoding: ${f.detail}.`,
        400,
      );
    case 'trailer-malformed':
      return new AwsError(
        'MalformedTrailerError',
        'The request contained trailing data that was not well-formed or did not conform to our published schema.',
        400,
      );
    case 'decoded-length':
    case 'incomplete-body':
      return new AwsError(
        'IncompleteBody',
        'You did not provide the number of bytes specified by the Content-Length HTTP header',
        400,
      );
  }
};
