// JS SDK v3 clients against a test server, and a helper that turns a rejected call into what a test
// asserts: AWS's wire code, HTTP status and message.
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import type { Credentials } from './clients.js';

const base = (endpoint: string, creds: Credentials) => ({
  endpoint,
  region: 'us-east-1',
  credentials: creds,
  maxAttempts: 1,
});

export const iamClient = (endpoint: string, creds: Credentials) => new IAMClient(base(endpoint, creds));
export const stsClient = (endpoint: string, creds: Credentials) => new STSClient(base(endpoint, creds));

export interface WireError {
  readonly code: string;
  readonly status: number;
  readonly message: string;
}

/** Awaits a call that must fail; answers its AWS error. */
export async function failure(p: Promise<unknown>): Promise<WireError> {
  try {
    await p;
  } catch (e) {
    const err = e as {
      Code?: string;
      name: string;
      message: string;
      $metadata?: { httpStatusCode?: number };
    };
    return { code: err.Code ?? err.name, status: err.$metadata?.httpStatusCode ?? 0, message: err.message };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
