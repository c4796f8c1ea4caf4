// Issue 6, authorization: every S3 operation asks the policy engine with its action, its bucket or
// object ARN and S3's condition keys, the bucket owner as resource account and the bucket policy as
// resource policy. Driven with IAM users of the same account (identity policies, boundaries), a second
// account (cross-account bucket policies), anonymous callers, and the root user, who is bound only by
// an explicit Deny in a bucket policy — except for the bucket-policy operations themselves.

import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  CreatePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  DeleteBucketPolicyCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMasterKey } from '../src/server/bootstrap.js';
import type { Credentials } from './helpers/clients.js';
import { failure, iamClient } from './helpers/sdk.js';
import { ACCOUNT, ROOT, startTestServer, type TestServer } from './helpers/server.js';
import { s3Client } from './helpers/s3.js';

let server: TestServer;
let root: S3Client;
const B = 'authz-bucket';
const OTHER_ACCOUNT = '210987654321';
const OTHER_ROOT: Credentials = { accessKeyId: 'AKIAOTHERACCOUNT2345', secretAccessKey: 'o'.repeat(40) };
const clients: S3Client[] = [];

async function user(name: string, policy?: object, boundary?: object): Promise<S3Client> {
  const iam = iamClient(server.url, ROOT);
  await iam.send(new CreateUserCommand({ UserName: name }));
  if (policy)
    await iam.send(
      new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify(policy) }),
    );
  if (boundary) {
    const p = await iam.send(
      new CreatePolicyCommand({ PolicyName: `${name}-boundary`, PolicyDocument: JSON.stringify(boundary) }),
    );
    await iam.send(
      new PutUserPermissionsBoundaryCommand({ UserName: name, PermissionsBoundary: p.Policy!.Arn! }),
    );
  }
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  iam.destroy();
  const c = s3Client(server.url, {
    accessKeyId: key.AccessKey!.AccessKeyId!,
    secretAccessKey: key.AccessKey!.SecretAccessKey!,
  });
  clients.push(c);
  return c;
}

const allow = (Action: string | string[], Resource: string | string[], Condition?: object) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action, Resource, ...(Condition ? { Condition } : {}) }],
});

/** A second account, added to the store directly (latchkey has no API to create accounts). */
async function addAccount(): Promise<void> {
  const secrets = loadMasterKey(server.dataDir, {});
  await server.store.transaction(async (tx) => {
    await tx.accounts.insert({ id: OTHER_ACCOUNT, created_at: Date.now() });
    await tx.accessKeys.insert({
      access_key_id: OTHER_ROOT.accessKeyId,
      account_id: OTHER_ACCOUNT,
      user_name: null,
      secret_sealed: secrets.seal(OTHER_ROOT.secretAccessKey, OTHER_ROOT.accessKeyId),
      status: 'Active',
      created_at: Date.now(),
      last_used_at: null,
      last_used_service: null,
      last_used_region: null,
    });
  });
}

beforeAll(async () => {
  server = await startTestServer();
  root = s3Client(server.url, ROOT);
  await root.send(new CreateBucketCommand({ Bucket: B }));
  for (const Key of ['docs/a.txt', 'docs/b.txt', 'home/x.txt', 'tmp/t1', 'keep/k1'])
    await root.send(new PutObjectCommand({ Bucket: B, Key, Body: Key }));
  await root.send(
    new PutObjectCommand({ Bucket: B, Key: 'tagged/public.txt', Body: 'p', Tagging: 'visibility=public' }),
  );
  await root.send(
    new PutObjectCommand({ Bucket: B, Key: 'tagged/secret.txt', Body: 's', Tagging: 'visibility=secret' }),
  );
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  root?.destroy();
  await server?.stop();
});

describe('identity policies of IAM users', () => {
  it('lets a read-only user read but not write, and says which policy type refused', async () => {
    const reader = await user(
      'reader',
      allow(['s3:GetObject', 's3:ListBucket'], [`arn:aws:s3:::${B}`, `arn:aws:s3:::${B}/*`]),
    );
    expect(
      await (
        await reader.send(new GetObjectCommand({ Bucket: B, Key: 'docs/a.txt' }))
      ).Body!.transformToString(),
    ).toBe('docs/a.txt');
    expect((await reader.send(new ListObjectsV2Command({ Bucket: B, Prefix: 'docs/' }))).KeyCount).toBe(2);
    expect(
      await failure(reader.send(new PutObjectCommand({ Bucket: B, Key: 'docs/new.txt', Body: 'x' }))),
    ).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: `User: arn:aws:iam::${ACCOUNT}:user/reader is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::${B}/docs/new.txt" because no identity-based policy allows the s3:PutObject action`,
    });
  });

  it('answers a missing key with AccessDenied on s3:ListBucket to a caller who may not list, NoSuchKey otherwise', async () => {
    const getOnly = await user('get-only', allow('s3:GetObject', `arn:aws:s3:::${B}/*`));
    const e = await failure(getOnly.send(new GetObjectCommand({ Bucket: B, Key: 'docs/missing.txt' })));
    expect(e.code).toBe('AccessDenied');
    expect(e.status).toBe(403);
    expect(e.message).toContain(`s3:ListBucket on resource: "arn:aws:s3:::${B}"`);
    expect(
      (await failure(getOnly.send(new HeadObjectCommand({ Bucket: B, Key: 'docs/missing.txt' })))).status,
    ).toBe(403);
    expect(
      await failure(root.send(new GetObjectCommand({ Bucket: B, Key: 'docs/missing.txt' }))),
    ).toMatchObject({ code: 'NoSuchKey' });
  });

  it('evaluates s3:prefix on listings', async () => {
    const homeOnly = await user(
      'home-only',
      allow('s3:ListBucket', `arn:aws:s3:::${B}`, { StringLike: { 's3:prefix': 'home/*' } }),
    );
    expect((await homeOnly.send(new ListObjectsV2Command({ Bucket: B, Prefix: 'home/' }))).KeyCount).toBe(1);
    expect(
      await failure(homeOnly.send(new ListObjectsV2Command({ Bucket: B, Prefix: 'docs/' }))),
    ).toMatchObject({ code: 'AccessDenied' });
    expect(await failure(homeOnly.send(new ListObjectsV2Command({ Bucket: B })))).toMatchObject({
      code: 'AccessDenied',
    });
  });

  it('evaluates s3:ExistingObjectTag/<key> on reads and s3:RequestObjectTag/<key> on writes', async () => {
    const tagged = await user('tag-reader', {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: `arn:aws:s3:::${B}/*`,
          Condition: { StringEquals: { 's3:ExistingObjectTag/visibility': 'public' } },
        },
        {
          Effect: 'Allow',
          Action: ['s3:PutObject', 's3:PutObjectTagging'],
          Resource: `arn:aws:s3:::${B}/*`,
          Condition: { StringEquals: { 's3:RequestObjectTag/team': 'storage' } },
        },
      ],
    });
    expect(
      (await tagged.send(new GetObjectCommand({ Bucket: B, Key: 'tagged/public.txt' }))).ContentLength,
    ).toBe(1);
    expect(
      await failure(tagged.send(new GetObjectCommand({ Bucket: B, Key: 'tagged/secret.txt' }))),
    ).toMatchObject({ code: 'AccessDenied' });
    await tagged.send(
      new PutObjectCommand({ Bucket: B, Key: 'tagged/new.txt', Body: 'n', Tagging: 'team=storage' }),
    );
    expect(
      await failure(
        tagged.send(
          new PutObjectCommand({ Bucket: B, Key: 'tagged/new2.txt', Body: 'n', Tagging: 'team=other' }),
        ),
      ),
    ).toMatchObject({
      code: 'AccessDenied',
    });
    expect(
      await failure(tagged.send(new PutObjectCommand({ Bucket: B, Key: 'tagged/new3.txt', Body: 'n' }))),
    ).toMatchObject({ code: 'AccessDenied' });
  });

  it('limits a user to its permissions boundary', async () => {
    const bounded = await user('bounded', allow('s3:*', '*'), allow('s3:GetObject', '*'));
    expect((await bounded.send(new GetObjectCommand({ Bucket: B, Key: 'docs/a.txt' }))).ContentLength).toBe(
      10,
    );
    const e = await failure(bounded.send(new PutObjectCommand({ Bucket: B, Key: 'docs/c.txt', Body: 'x' })));
    expect(e.code).toBe('AccessDenied');
    expect(e.message).toContain('because no permissions boundary allows the s3:PutObject action');
  });

  it('authorizes DeleteObjects key by key: the keys the caller may delete go, the others are AccessDenied', async () => {
    const cleaner = await user('cleaner', allow('s3:DeleteObject', `arn:aws:s3:::${B}/tmp/*`));
    const r = await cleaner.send(
      new DeleteObjectsCommand({ Bucket: B, Delete: { Objects: [{ Key: 'tmp/t1' }, { Key: 'keep/k1' }] } }),
    );
    expect(r.Deleted?.map((d) => d.Key)).toEqual(['tmp/t1']);
    expect(r.Errors).toEqual([{ Key: 'keep/k1', Code: 'AccessDenied', Message: 'Access Denied' }]);
    expect((await root.send(new HeadObjectCommand({ Bucket: B, Key: 'keep/k1' }))).ContentLength).toBe(7);
  });
});

describe('bucket policies', () => {
  it('grants a same-account user that has no identity policy', async () => {
    const nobody = await user('granted-by-bucket');
    expect(await failure(nobody.send(new GetObjectCommand({ Bucket: B, Key: 'docs/b.txt' })))).toMatchObject({
      code: 'AccessDenied',
    });
    await root.send(
      new PutBucketPolicyCommand({
        Bucket: B,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/granted-by-bucket` },
              Action: 's3:GetObject',
              Resource: `arn:aws:s3:::${B}/docs/*`,
            },
          ],
        }),
      }),
    );
    // The change reaches the next request at once.
    expect((await nobody.send(new GetObjectCommand({ Bucket: B, Key: 'docs/b.txt' }))).ContentLength).toBe(
      10,
    );
    await root.send(new DeleteBucketPolicyCommand({ Bucket: B }));
    expect(await failure(nobody.send(new GetObjectCommand({ Bucket: B, Key: 'docs/b.txt' })))).toMatchObject({
      code: 'AccessDenied',
    });
  });

  it('stops even the root user with an explicit Deny — but never locks root out of the policy itself', async () => {
    await root.send(
      new PutBucketPolicyCommand({
        Bucket: B,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Principal: '*',
              Action: ['s3:DeleteObject', 's3:GetBucketPolicy', 's3:DeleteBucketPolicy'],
              Resource: [`arn:aws:s3:::${B}`, `arn:aws:s3:::${B}/*`],
            },
          ],
        }),
      }),
    );
    const e = await failure(root.send(new DeleteObjectCommand({ Bucket: B, Key: 'docs/a.txt' })));
    expect(e).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: s3:DeleteObject on resource: "arn:aws:s3:::${B}/docs/a.txt" with an explicit deny in a resource-based policy`,
    });
    expect((await root.send(new GetBucketPolicyCommand({ Bucket: B }))).Policy).toContain('Deny');
    await root.send(new DeleteBucketPolicyCommand({ Bucket: B }));
    await root.send(new DeleteObjectCommand({ Bucket: B, Key: 'docs/b.txt' }));
  });
});

describe('another account', () => {
  let other: S3Client;
  beforeAll(async () => {
    await addAccount();
    other = s3Client(server.url, OTHER_ROOT);
    clients.push(other);
  });

  it('is refused without a bucket policy, with S3’s bare cross-account "Access Denied"', async () => {
    expect(await failure(other.send(new GetObjectCommand({ Bucket: B, Key: 'docs/a.txt' })))).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: 'Access Denied',
    });
  });

  it('is granted by a bucket policy naming its account, for what the policy names only', async () => {
    await root.send(
      new PutBucketPolicyCommand({
        Bucket: B,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: OTHER_ACCOUNT },
              Action: ['s3:GetObject', 's3:ListBucket'],
              Resource: [`arn:aws:s3:::${B}`, `arn:aws:s3:::${B}/docs/*`],
            },
          ],
        }),
      }),
    );
    expect(
      await (
        await other.send(new GetObjectCommand({ Bucket: B, Key: 'docs/a.txt' }))
      ).Body!.transformToString(),
    ).toBe('docs/a.txt');
    expect(
      await failure(other.send(new PutObjectCommand({ Bucket: B, Key: 'docs/x', Body: 'x' }))),
    ).toMatchObject({ code: 'AccessDenied' });
    expect(await failure(other.send(new GetObjectCommand({ Bucket: B, Key: 'home/x.txt' })))).toMatchObject({
      code: 'AccessDenied',
    });
    // The bucket is theirs to see, not to own: their bucket list does not include it.
    await other.send(new CreateBucketCommand({ Bucket: 'other-account-bucket' }));
    expect(await failure(other.send(new CreateBucketCommand({ Bucket: B })))).toMatchObject({
      code: 'BucketAlreadyExists',
      status: 409,
    });
    await root.send(new DeleteBucketPolicyCommand({ Bucket: B }));
  });
});
