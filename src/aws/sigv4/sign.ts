// Signs requests with SigV4, for latchkey's own clients (the `latchkey demo` command, the console's
// server-side helpers): the same canonical-request code the verifier uses, so both always agree, and
// checked against AWS's public test suite like the verifier.
import {
  ALGORITHM,
  canonicalHeaders,
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  sha256Hex,
  stringToSign,
} from './canonical.js';
import { formatAmzDate } from './parse.js';
import { deriveSigningKey, SigningKey } from './signing-key-cache.js';

export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

export interface RequestToSign {
  readonly method: string;
  /** Path and query exactly as they will be sent (already percent-encoded). */
  readonly target: string;
  /** Header names in any case; `host` is required. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Buffer | undefined;
}

/** The headers to send: the given ones plus x-amz-date, x-amz-content-sha256 (S3), the token and Authorization. */
export function signRequest(
  req: RequestToSign,
  opts: {
    credentials: SigningCredentials;
    service: string;
    region: string;
    now: number;
    /** Send and sign x-amz-content-sha256 (S3 requires it). Default: the service is S3. */
    contentSha256Header?: boolean;
    /** The payload hash to sign instead of the body's (UNSIGNED-PAYLOAD for a body streamed later). */
    payloadHash?: string;
  },
): Record<string, string> {
  const amzDate = formatAmzDate(opts.now);
  const payload = opts.payloadHash ?? sha256Hex(req.body ?? '');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
  headers['x-amz-date'] = amzDate;
  if (opts.contentSha256Header ?? opts.service === 's3') headers['x-amz-content-sha256'] = payload;
  if (opts.credentials.sessionToken !== undefined)
    headers['x-amz-security-token'] = opts.credentials.sessionToken;
  const signed = Object.keys(headers).sort();
  const q = req.target.indexOf('?');
  const scope = `${amzDate.slice(0, 8)}/${opts.region}/${opts.service}/aws4_request`;
  const canonical = canonicalRequest({
    method: req.method.toUpperCase(),
    uri: canonicalUri(q === -1 ? req.target : req.target.slice(0, q), opts.service === 's3'),
    query: canonicalQuery(q === -1 ? '' : req.target.slice(q + 1)),
    headers: canonicalHeaders(Object.fromEntries(signed.map((h) => [h, [headers[h]!]])), signed),
    signedHeaders: signed.join(';'),
    payloadHash: payload,
  });
  const key = new SigningKey(
    deriveSigningKey(opts.credentials.secretAccessKey, amzDate.slice(0, 8), opts.region, opts.service),
  );
  const signature = key.signHex(stringToSign(amzDate, scope, canonical));
  headers['authorization'] =
    `${ALGORITHM} Credential=${opts.credentials.accessKeyId}/${scope}, SignedHeaders=${signed.join(';')}, Signature=${signature}`;
  return headers;
}
