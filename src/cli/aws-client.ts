// A small AWS client for latchkey's own commands (`latchkey demo`): signed Query calls (IAM, STS, EC2)
// and S3 REST calls with the SigV4 signer in src/aws/sigv4/sign.ts. Responses are returned as text;
// an AWS error becomes an AwsCallError carrying AWS's code.
import { signRequest, type SigningCredentials } from '../aws/sigv4/sign.js';

export class AwsCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(`${code}: ${message}`);
  }
}

const VERSIONS: Record<string, string> = { iam: '2010-05-08', sts: '2011-06-15', ec2: '2016-11-15' };

export class AwsClient {
  constructor(
    private readonly endpoint: string,
    private readonly credentials: SigningCredentials,
    private readonly region = 'us-east-1',
  ) {}

  /** A Query call: `query('iam', 'CreateRole', { RoleName: 'x', … })`. */
  async query(
    service: 'iam' | 'sts' | 'ec2',
    action: string,
    params: Record<string, string | number>,
  ): Promise<string> {
    const body = new URLSearchParams({
      Action: action,
      Version: VERSIONS[service]!,
      ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
    })
      .toString()
      .replace(/\+/g, '%20');
    return this.#send(
      service,
      'POST',
      '/',
      { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
    );
  }

  /** An S3 call, path-style: `s3('PUT', '/images/cat.txt', 'meow')`. */
  s3(method: string, target: string, body?: string): Promise<string> {
    return this.#send('s3', method, target, {}, body);
  }

  async #send(
    service: string,
    method: string,
    target: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<string> {
    const url = new URL(target, this.endpoint);
    const signed = signRequest(
      { method, target, headers: { ...headers, host: url.host }, body },
      { credentials: this.credentials, service, region: this.region, now: Date.now() },
    );
    delete signed['host'];
    const res = await fetch(url, { method, headers: signed, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    if (res.status >= 300) {
      const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? `HTTP${res.status}`;
      const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? text.slice(0, 200);
      throw new AwsCallError(code, message, res.status);
    }
    return text;
  }
}

/** The first `<tag>value</tag>` in an XML text. */
export const xmlText = (xml: string, tag: string): string | undefined =>
  new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];
