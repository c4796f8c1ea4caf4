// Errors are typed values (STYLE.md §6): an AwsError carries AWS's code, HTTP status, fault and message,
// plus extra members some protocols render (S3's <BucketName>, …). Only a protocol turns one into bytes.
// Codes and statuses come from ../shared/reference (iam-sts-policy.md §3.0, §4.5; imds-ec2.md §C.1).

export type Fault = 'client' | 'server';

export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fault: Fault;
  /** Extra members rendered inside the error element (S3: Key, BucketName, …; EC2: none). */
  readonly extra: Readonly<Record<string, string>>;
  /** Extra response headers (e.g. S3's x-amz-bucket-region). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    code: string,
    message: string,
    status = 400,
    opts: {
      fault?: Fault;
      extra?: Record<string, string>;
      headers?: Record<string, string>;
      cause?: unknown;
    } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AwsError';
    this.code = code;
    this.status = status;
    this.fault = opts.fault ?? (status >= 500 ? 'server' : 'client');
    this.extra = opts.extra ?? {};
    this.headers = opts.headers ?? {};
  }
}

export const isAwsError = (e: unknown): e is AwsError => e instanceof AwsError;

/**
 * The errors common to AWS's query services (STS, IAM, EC2's Query dialect uses some of them too).
 * Statuses: reference iam-sts-policy.md §4.5 and AWS's "Common Errors" pages.
 */
export const CommonErrors = {
  internalFailure: () =>
    new AwsError(
      'InternalFailure',
      'The request processing has failed because of an unknown error, exception or failure.',
      500,
    ),
  /** Wire text as IAM/STS answer an unknown Action: `Could not find operation X for version V`. */
  invalidAction: (action: string, version: string | undefined) =>
    new AwsError(
      'InvalidAction',
      `Could not find operation ${action} for version ${version ?? 'NO_VERSION_SPECIFIED'}`,
      400,
    ),
  missingAction: () => new AwsError('MissingAction', 'Missing Action', 400),
  missingParameter: (name: string) =>
    new AwsError('MissingParameter', `The request must contain the parameter ${name}`, 400),
  invalidParameterValue: (message: string) => new AwsError('InvalidParameterValue', message, 400),
  validationError: (message: string) => new AwsError('ValidationError', message, 400),
  malformedQueryString: (message: string) => new AwsError('MalformedQueryString', message, 404),
  notImplemented: (service: string, operation: string) =>
    new AwsError(
      'NotImplemented',
      `latchkey does not implement ${service}:${operation} yet. The operation is in AWS's model but this server cannot answer it.`,
      501,
    ),
  requestEntityTooLarge: (limit: number) =>
    new AwsError('RequestEntityTooLarge', `Request body is larger than the limit of ${limit} bytes.`, 413),
  accessDenied: (message: string) => new AwsError('AccessDenied', message, 403),
} as const;
