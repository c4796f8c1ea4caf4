// IMDS responses as EC2 sends them (reference imds-ec2.md §A.1–§A.3): `Server: EC2ws`, `text/plain` for
// every item including JSON documents, `application/octet-stream` for user-data; 404 with the XHTML
// "404 - Not Found" page, 400 with the "400 - Bad Request" page; 401, 403 and 405 with empty bodies;
// JSON pretty-printed with two spaces and `"Key" : value`.
import type { ImdsResponse } from './http.js';

const PLAIN = 'text/plain';

function page(code: number, text: string): string {
  return (
    '<?xml version="1.0" encoding="iso-8859-1"?>\n' +
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"\n' +
    '\t"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n' +
    '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">\n' +
    ' <head>\n' +
    `  <title>${code} - ${text}</title>\n` +
    ' </head>\n' +
    ' <body>\n' +
    `  <h1>${code} - ${text}</h1>\n` +
    ' </body>\n' +
    '</html>\n'
  );
}

const NOT_FOUND_PAGE = page(404, 'Not Found');
const BAD_REQUEST_PAGE = page(400, 'Bad Request');

export const notFound = (): ImdsResponse => ({
  status: 404,
  headers: { 'Content-Type': 'text/html', Server: 'EC2ws' },
  body: NOT_FOUND_PAGE,
});
export const badRequest = (): ImdsResponse => ({
  status: 400,
  headers: { 'Content-Type': 'text/html', Server: 'EC2ws' },
  body: BAD_REQUEST_PAGE,
});
export const unauthorized = (): ImdsResponse => ({
  status: 401,
  headers: { 'Content-Type': PLAIN, Server: 'EC2ws' },
  body: '',
});
export const forbidden = (): ImdsResponse => ({
  status: 403,
  headers: { 'Content-Type': PLAIN, Server: 'EC2ws' },
  body: '',
});
/** cap-405: `Allow: OPTIONS, PUT` on the token path. */
export const methodNotAllowed = (allow: string): ImdsResponse => ({
  status: 405,
  headers: { Allow: allow, 'Content-Type': PLAIN, Server: 'EC2ws' },
  body: '',
});

/** A 200 answer; `ttl` is the remaining token lifetime when the request carried a valid token. */
export function ok(
  body: string | Buffer,
  opts: { ttl?: number | undefined; lastModified: string; contentType?: string; ranges?: string },
): ImdsResponse {
  const headers: Record<string, string> = {
    'Content-Type': opts.contentType ?? PLAIN,
    'Accept-Ranges': opts.ranges ?? 'none',
    'Last-Modified': opts.lastModified,
    Server: 'EC2ws',
  };
  if (opts.ttl !== undefined) headers['X-Aws-Ec2-Metadata-Token-Ttl-Seconds'] = String(opts.ttl);
  return { status: 200, headers, body };
}

/** `{\n  "Code" : "Success",\n  … }` — the layout of EC2's JSON documents (EC2UG-iamroles example). */
export function awsJson(fields: readonly (readonly [string, string | number | null])[]): string {
  return `{\n${fields.map(([k, v]) => `  ${JSON.stringify(k)} : ${JSON.stringify(v)}`).join(',\n')}\n}`;
}

/** `2024-05-01T12:00:00Z`: no milliseconds (reference §F.5; botocore parses this format strictly). */
export const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export const httpDate = (ms: number): string => new Date(ms).toUTCString();
