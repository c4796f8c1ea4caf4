// Checks a bucket policy before it is stored: JSON whose first byte is `{`, a valid resource policy
// (the engine's validation, src/policy), and resources that all lie within the bucket (S3 answers
// MalformedPolicy "Policy has invalid resource" otherwise). Texts are S3's (seen on the wire; Amazon
// S3 API Reference, PutBucketPolicy; MalformedPolicy in "Error responses").
import { PolicyValidationError, validatePolicy } from '../../../policy/index.js';
import { S3Errors } from '../errors.js';

/** 20 KB: the bucket policy size limit (Amazon S3 User Guide, "Bucket policies"). */
const MAX_POLICY_BYTES = 20 * 1024;

function globMatches(pattern: string, value: string): boolean {
  const re = new RegExp(
    '^' +
      pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.') +
      '$',
  );
  return re.test(value);
}

function resourcesOf(doc: unknown): string[] {
  const out: string[] = [];
  const statements = (doc as { Statement?: unknown }).Statement;
  for (const s of Array.isArray(statements) ? statements : [statements]) {
    if (!s || typeof s !== 'object') continue;
    for (const k of ['Resource', 'NotResource']) {
      const v = (s as Record<string, unknown>)[k];
      for (const r of Array.isArray(v) ? v : v === undefined ? [] : [v])
        if (typeof r === 'string') out.push(r);
    }
  }
  return out;
}

export function validateBucketPolicy(bucket: string, text: string): void {
  if (!text.trimStart().startsWith('{'))
    throw S3Errors.malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
  if (Buffer.byteLength(text) > MAX_POLICY_BYTES)
    throw S3Errors.malformedPolicy('Policy exceeds the maximum allowed document size.');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw S3Errors.malformedPolicy('This policy contains invalid Json');
  }
  try {
    validatePolicy(text, 'resource');
  } catch (e) {
    if (e instanceof PolicyValidationError) throw S3Errors.malformedPolicy(e.message);
    throw e;
  }
  for (const r of resourcesOf(doc)) {
    if (r === '*') continue;
    const m = /^arn:aws:s3:::([^/]*)(\/.*)?$/.exec(r);
    if (!m || !globMatches(m[1]!, bucket)) throw S3Errors.malformedPolicy('Policy has invalid resource');
  }
}
