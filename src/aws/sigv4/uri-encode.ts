// AWS's UriEncode (SigV4 spec): every byte except the unreserved characters A–Z a–z 0–9 - . _ ~ is
// percent-encoded with upper-case hex; `/` is kept only where the caller says (object key paths).

const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;

export function uriEncode(text: string, keepSlash = false): string {
  if (UNRESERVED.test(text)) return text;
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (
      (byte >= 0x41 && byte <= 0x5a) ||
      (byte >= 0x61 && byte <= 0x7a) ||
      (byte >= 0x30 && byte <= 0x39) ||
      c === '-' ||
      c === '.' ||
      c === '_' ||
      c === '~' ||
      (keepSlash && c === '/')
    ) {
      out += c;
    } else {
      out += '%' + (byte < 16 ? '0' : '') + byte.toString(16).toUpperCase();
    }
  }
  return out;
}

/**
 * Percent-decoding that never throws: malformed sequences stay as they are (a request with a bad escape
 * then simply fails to verify instead of crashing the verifier). `+` is kept literally, as AWS does in
 * the canonical query string.
 */
export function uriDecode(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/(%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}
