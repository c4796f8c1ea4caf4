// How each protocol family words an authentication failure. The same failure is a different error in
// IAM/STS, EC2 and S3 (reference iam-sts-policy.md §4.5; imds-ec2.md §C.1; S3's error table).

import { AwsError } from '../errors.js';
import type { ParseFailure } from './parse.js';
import { formatAmzDate } from './parse.js';
import { MAX_SKEW_MS, type VerifyFailure } from './verify.js';

export type AuthFailure = ParseFailure | VerifyFailure;

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
      return new AwsError('RequestExpired', 'Request has expired.', 400);
    case 'credential':
      return f.reason === 'expired-token'
        ? new AwsError('ExpiredToken', 'The security token included in the request is expired', 403)
        : new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
    case 'payload-hash-mismatch':
    case 'mismatch':
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
      return authFailure();
  }
};
