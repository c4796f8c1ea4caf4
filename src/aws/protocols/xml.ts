// Minimal XML text helpers for the encoders. Output is built as strings (fast, no DOM); input XML
// (S3 bodies) is parsed with fast-xml-parser in the rest-xml codec, not here.

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\r': '&#13;',
};
const NEEDS_ESCAPE = /[&<>"\r]/;
const ESCAPE_ALL = /[&<>"\r]/g;
// XML 1.0 forbids most C0 control characters even as references; drop them rather than emit bad XML.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
  const clean = INVALID_XML.test(text) ? text.replace(INVALID_XML, '') : text;
  INVALID_XML.lastIndex = 0;
  return NEEDS_ESCAPE.test(clean) ? clean.replace(ESCAPE_ALL, (c) => ESCAPES[c] ?? c) : clean;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

export function element(name: string, inner: string): string {
  return `<${name}>${inner}</${name}>`;
}
