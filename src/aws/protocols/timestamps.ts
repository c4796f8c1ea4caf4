// Timestamp renderings used on the wire. Query services answer ISO-8601 without fractions
// (`2012-05-08T23:34:01Z`, reference iam-sts-policy.md §1); EC2 with milliseconds
// (`2021-03-24T19:47:58.000Z`); rest-xml headers use RFC 822 (`Wed, 21 Oct 2015 07:28:00 GMT`).

export type TimestampStyle = 'iso8601' | 'iso8601-ms' | 'rfc822' | 'unixTimestamp';

export function formatTimestamp(value: Date, style: TimestampStyle): string {
  switch (style) {
    case 'iso8601':
      return value.toISOString().replace(/\.\d{3}Z$/, 'Z');
    case 'iso8601-ms':
      return value.toISOString();
    case 'rfc822':
      return value.toUTCString();
    case 'unixTimestamp':
      return String(Math.floor(value.getTime() / 1000));
  }
}

/** Parses the timestamp forms clients send: ISO-8601 (with or without fraction/offset), RFC 822, epoch seconds. */
export function parseTimestamp(text: string): Date | undefined {
  if (/^-?\d+(\.\d+)?$/.test(text)) return new Date(Number(text) * 1000);
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : new Date(t);
}
