// Issue 2, end to end: the real server driven by the AWS CLI, boto3 and the JS SDK v3 — the root
// caller's identity, every authentication failure with AWS's code and status, protocol errors, the
// request-id contract, presigned requests, size limits, logs and metrics.

import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffsetClock, systemClock } from '../src/aws/clock.js';
import { aws, awsEnv, boto3, hasAwsCli, hasBoto3 } from './helpers/clients.js';
import { ACCOUNT, ROOT, startTestServer, type TestServer } from './helpers/server.js';
import { FORM, presignedUrl, signedFetch, xmlValue } from './helpers/sign.js';

const ROOT_ARN = `arn:aws:iam::${ACCOUNT}:root`;
const GCI = 'Action=GetCallerIdentity&Version=2011-06-15';

let server: TestServer;
const clock = new OffsetClock(systemClock);

beforeAll(async () => {
  server = await startTestServer({ clock, maxBodyBytes: 64 * 1024 });
});
afterAll(async () => {
  await server?.stop();
});

const post = (body: string, creds = ROOT, opts: Parameters<typeof signedFetch>[2] = {}) =>
  signedFetch({ method: 'POST', url: server.url + '/', headers: FORM, body }, creds, opts);

describe('sts:GetCallerIdentity for the root user', () => {
  it.skipIf(!hasAwsCli)('answers the AWS CLI with the root ARN', async () => {
    const r = await aws(['sts', 'get-caller-identity'], awsEnv(server.url, ROOT));
    expect(r.stderr).toBe('');
    expect(r.json).toEqual({ UserId: ACCOUNT, Account: ACCOUNT, Arn: ROOT_ARN });
  });

  it.skipIf(!hasBoto3)('answers boto3', async () => {
    const r = await boto3(
      'import boto3, json; r = boto3.client("sts").get_caller_identity(); r.pop("ResponseMetadata"); print(json.dumps(r))',
      awsEnv(server.url, ROOT),
    );
    expect(r.json).toEqual({ UserId: ACCOUNT, Account: ACCOUNT, Arn: ROOT_ARN });
  });

  it('answers the JS SDK v3, with the request id in header and body', async () => {
    const sts = new STSClient({ endpoint: server.url, region: 'us-east-1', credentials: ROOT });
    const out = await sts.send(new GetCallerIdentityCommand({}));
    expect(out).toMatchObject({ UserId: ACCOUNT, Account: ACCOUNT, Arn: ROOT_ARN });
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers in the STS namespace with the Result wrapper and matching request ids', async () => {
    const res = await post(GCI);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/xml');
    const body = await res.text();
    const id = res.headers.get('x-amzn-requestid')!;
    expect(body).toBe(
      `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
        `<UserId>${ACCOUNT}</UserId><Account>${ACCOUNT}</Account><Arn>${ROOT_ARN}</Arn></GetCallerIdentityResult>` +
        `<ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    );
  });

  it('accepts a presigned GET and refuses it once expired', async () => {
    const url = await presignedUrl({ method: 'GET', url: `${server.url}/?${GCI}` }, ROOT, { expiresIn: 60 });
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(xmlValue(await ok.text(), 'Arn')).toBe(ROOT_ARN);
    const old = await presignedUrl({ method: 'GET', url: `${server.url}/?${GCI}` }, ROOT, {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 120_000),
    });
    const expired = await fetch(old);
    expect(expired.status).toBe(400);
    expect(xmlValue(await expired.text(), 'Code')).toBe('RequestExpired');
  });
});

describe('authentication failures, worded as AWS words them', () => {
  it.skipIf(!hasAwsCli)('a wrong secret is SignatureDoesNotMatch (403) for the AWS CLI', async () => {
    const r = await aws(
      ['sts', 'get-caller-identity'],
      awsEnv(server.url, { ...ROOT, secretAccessKey: 'x'.repeat(40) }),
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('(SignatureDoesNotMatch)');
    expect(r.stderr).toContain(
      'The request signature we calculated does not match the signature you provided.',
    );
  });

  it.skipIf(!hasAwsCli)('an unknown access key is InvalidClientTokenId (403)', async () => {
    const r = await aws(
      ['sts', 'get-caller-identity'],
      awsEnv(server.url, { ...ROOT, accessKeyId: 'AKIAAAAAAAAAAAAAAAAA' }),
    );
    expect(r.stderr).toContain(
      'An error occurred (InvalidClientTokenId) when calling the GetCallerIdentity operation',
    );
    expect(r.stderr).toContain('The security token included in the request is invalid.');
  });

  it('a tampered request is SignatureDoesNotMatch with status 403 and Type Sender', async () => {
    const res = await post(GCI, ROOT, {
      tamper: (r) =>
        void (r.headers['x-amz-date'] = r.headers['x-amz-date']!.replace(
          /(\d)Z$/,
          (_m, d: string) => `${(+d + 1) % 10}Z`,
        )),
    });
    expect(res.status).toBe(403);
    const body = await res.text();
    expect(xmlValue(body, 'Code')).toBe('SignatureDoesNotMatch');
    expect(xmlValue(body, 'Type')).toBe('Sender');
    expect(xmlValue(body, 'RequestId')).toBe(res.headers.get('x-amzn-requestid'));
  });

  it('a changed body is SignatureDoesNotMatch', async () => {
    const res = await post(GCI, ROOT, { tamper: (r) => void (r.body = GCI + '&Extra=1') });
    expect(res.status).toBe(403);
    expect(xmlValue(await res.text(), 'Code')).toBe('SignatureDoesNotMatch');
  });

  it('a clock 20 minutes behind the server is SignatureDoesNotMatch: Signature expired', async () => {
    const res = await post(GCI, ROOT, { signingDate: new Date(Date.now() - 20 * 60_000) });
    expect(res.status).toBe(403);
    const body = await res.text();
    expect(xmlValue(body, 'Code')).toBe('SignatureDoesNotMatch');
    expect(xmlValue(body, 'Message')).toMatch(
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
    );
  });

  it('a clock 20 minutes ahead is refused as not yet current; 10 minutes is within the window', async () => {
    const ahead = await post(GCI, ROOT, { signingDate: new Date(Date.now() + 20 * 60_000) });
    expect(ahead.status).toBe(403);
    expect(xmlValue(await ahead.text(), 'Message')).toMatch(/^Signature not yet current: /);
    expect((await post(GCI, ROOT, { signingDate: new Date(Date.now() + 10 * 60_000) })).status).toBe(200);
  });

  it.skipIf(!hasAwsCli)(
    'the server clock moving 16 minutes ahead makes real clients fail with the skew error',
    async () => {
      clock.offsetMs = 16 * 60_000;
      try {
        const r = await aws(['sts', 'get-caller-identity'], awsEnv(server.url, ROOT));
        expect(r.stderr).toContain('(SignatureDoesNotMatch)');
        expect(r.stderr).toContain('Signature expired');
      } finally {
        clock.offsetMs = 0;
      }
    },
  );

  it('no credentials at all is MissingAuthenticationToken (403)', async () => {
    const res = await fetch(server.url + '/', { method: 'POST', headers: FORM, body: GCI });
    expect(res.status).toBe(403);
    const body = await res.text();
    expect(xmlValue(body, 'Code')).toBe('MissingAuthenticationToken');
    expect(body).toContain('xmlns="https://sts.amazonaws.com/doc/2011-06-15/"');
  });

  it('an Authorization header missing its parts is IncompleteSignature (400) naming each', async () => {
    const res = await fetch(server.url + '/', {
      method: 'POST',
      headers: {
        ...FORM,
        authorization: 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250101/us-east-1/sts/aws4_request',
      },
      body: GCI,
    });
    expect(res.status).toBe(400);
    const msg = xmlValue(await res.text(), 'Message')!;
    expect(msg).toContain("Authorization header requires 'Signature' parameter.");
    expect(msg).toContain("Authorization header requires 'SignedHeaders' parameter.");
    expect(msg).toContain(
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );
  });

  it('a SigV2-style header is IncompleteSignature', async () => {
    const res = await fetch(server.url + '/', {
      method: 'POST',
      headers: { ...FORM, authorization: 'AWS AKIAIOSFODNN7EXAMPLE:abc=' },
      body: GCI,
    });
    expect(res.status).toBe(400);
    expect(xmlValue(await res.text(), 'Code')).toBe('IncompleteSignature');
  });

  it('a presigned URL with an altered signature is SignatureDoesNotMatch', async () => {
    const url = await presignedUrl({ method: 'GET', url: `${server.url}/?${GCI}` }, ROOT);
    const bad = url.replace(
      /X-Amz-Signature=([0-9a-f])/,
      (_m, c: string) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`,
    );
    const res = await fetch(bad);
    expect(res.status).toBe(403);
    expect(xmlValue(await res.text(), 'Code')).toBe('SignatureDoesNotMatch');
  });
});

describe('bad input gets an AWS error and a 4xx, never a 500', () => {
  it('an unknown Action is InvalidAction (400)', async () => {
    const res = await post('Action=NoSuchThing&Version=2011-06-15');
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(xmlValue(body, 'Code')).toBe('InvalidAction');
    expect(xmlValue(body, 'Message')).toBe('Could not find operation NoSuchThing for version 2011-06-15');
  });

  it('a missing Action is MissingAction (400)', async () => {
    const res = await post('Version=2011-06-15');
    expect(res.status).toBe(400);
    expect(xmlValue(await res.text(), 'Code')).toBe('MissingAction');
  });

  it('a wrong API version is InvalidAction', async () => {
    const res = await post('Action=GetCallerIdentity&Version=2099-01-01');
    expect(res.status).toBe(400);
    expect(xmlValue(await res.text(), 'Code')).toBe('InvalidAction');
  });

  it('an operation in the model that is not built yet is NotImplemented (501), not a 500', async () => {
    const res = await post('Action=GetAccountAuthorizationDetails&Version=2010-05-08', ROOT, {
      service: 'iam',
    });
    expect(res.status).toBe(501);
    expect(xmlValue(await res.text(), 'Code')).toBe('NotImplemented');
  });

  it('malformed form encoding and junk parameters are answered, not crashed on', async () => {
    for (const body of [
      '%%%&&&==',
      'Action=GetCallerIdentity&Version=2011-06-15&%ZZ=%',
      '\u0000\u0001binary',
    ]) {
      const res = await post(body);
      expect(res.status).toBeLessThan(500);
    }
  });

  it('a body over the limit is RequestEntityTooLarge (413)', async () => {
    const res = await fetch(server.url + '/', {
      method: 'POST',
      headers: FORM,
      body: GCI + '&Pad=' + 'x'.repeat(100 * 1024),
    });
    expect(res.status).toBe(413);
    expect(xmlValue(await res.text(), 'Code')).toBe('RequestEntityTooLarge');
  });

  it('a credential scope naming a service latchkey does not serve is a 400', async () => {
    const res = await post(GCI, ROOT, { service: 'lambda' });
    expect(res.status).toBe(400);
    expect(xmlValue(await res.text(), 'Code')).toBe('InvalidAction');
  });

  it('an unparsable X-Amz-Date is IncompleteSignature', async () => {
    const res = await post(GCI, ROOT, { tamper: (r) => void (r.headers['x-amz-date'] = 'yesterday') });
    expect(res.status).toBe(400);
    expect(xmlValue(await res.text(), 'Code')).toBe('IncompleteSignature');
  });
});

describe('operations endpoints and logs', () => {
  it('GET /health answers 200 JSON', async () => {
    const res = await fetch(server.url + '/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', store: 'sqlite' });
  });

  it('GET /metrics answers Prometheus text with request counts', async () => {
    await post(GCI);
    const text = await (await fetch(server.url + '/metrics')).text();
    expect(text).toMatch(
      /latchkey_requests_total\{service="sts",operation="GetCallerIdentity",status="200"\} \d+/,
    );
    expect(text).toContain('latchkey_request_duration_seconds_bucket');
  });

  it('logs one JSON line per request with id, service, action, principal, status and latency, and no secret', async () => {
    const res = await post(GCI);
    const id = res.headers.get('x-amzn-requestid');
    await new Promise((r) => setTimeout(r, 50));
    const line = server.logs.records().find((l) => l.requestId === id);
    expect(line).toMatchObject({
      msg: 'request',
      service: 'sts',
      action: 'GetCallerIdentity',
      principal: ROOT_ARN,
      status: 200,
    });
    expect(typeof line?.latencyMs).toBe('number');
    expect(server.logs.lines.join('\n')).not.toContain(ROOT.secretAccessKey);
  });
});
