// What GetObject and HeadObject share: the object, a part of it (`partNumber`) or a byte range of it
// (`Range`), its conditions (If-Match … → 412/304), and the response headers S3 sends with it.
// Checksums are returned only when asked (`x-amz-checksum-mode: ENABLED`) and only for the whole
// object or a whole part, as S3 does.
import type { ObjectRow } from '../../../store/repos/s3/index.js';
import type { RequestContext } from '../../service.js';
import { checkReadConditions, type ConditionHeaders } from '../conditions.js';
import { S3Errors } from '../errors.js';
import { findObject } from '../lookup.js';
import { headersToOutput } from '../object-headers.js';
import { checksumMembers, headersOf, metadataOf, partSizesOf } from '../object-rows.js';
import { parseRange } from '../range.js';
import type { S3State } from '../state.js';

export interface ReadRequest extends ConditionHeaders {
  readonly Bucket: string;
  readonly Key: string;
  readonly Range?: string | undefined;
  readonly PartNumber?: number | undefined;
  readonly ChecksumMode?: string | undefined;
  readonly VersionId?: string | undefined;
  readonly ResponseCacheControl?: string | undefined;
  readonly ResponseContentDisposition?: string | undefined;
  readonly ResponseContentEncoding?: string | undefined;
  readonly ResponseContentLanguage?: string | undefined;
  readonly ResponseContentType?: string | undefined;
  readonly ResponseExpires?: Date | undefined;
}

export interface ReadPlan {
  readonly row: ObjectRow;
  readonly start: number;
  readonly length: number;
  /** Output members (headers) of the answer, Body aside. */
  readonly output: Record<string, unknown>;
}

const RESPONSE_OVERRIDES = [
  ['ResponseCacheControl', 'CacheControl'],
  ['ResponseContentDisposition', 'ContentDisposition'],
  ['ResponseContentEncoding', 'ContentEncoding'],
  ['ResponseContentLanguage', 'ContentLanguage'],
  ['ResponseContentType', 'ContentType'],
] as const;

export async function planRead(state: S3State, ctx: RequestContext, input: ReadRequest): Promise<ReadPlan> {
  const row = await findObject(state, ctx, input.Bucket, input.Key);
  if (!row) throw S3Errors.noSuchKey(input.Key);
  if (input.VersionId !== undefined && input.VersionId !== 'null') {
    throw S3Errors.invalidArgument('Invalid version id specified', 'versionId', input.VersionId);
  }
  const etag = `"${row.etag}"`;
  const lastModified = new Date(row.last_modified);
  checkReadConditions(
    input,
    { etag: row.etag, lastModified: row.last_modified },
    {
      etag,
      'last-modified': lastModified.toUTCString(),
    },
  );

  let start = 0;
  let length = row.size;
  let partsCount: number | undefined;
  let whole = true;
  if (input.PartNumber !== undefined) {
    if (input.Range !== undefined)
      throw S3Errors.invalidRequest('Cannot specify both Range header and partNumber query parameter');
    const n = input.PartNumber;
    if (!Number.isInteger(n) || n < 1 || n > 10_000) throw S3Errors.tooManyParts();
    const sizes = partSizesOf(row) ?? [row.size];
    if (n > sizes.length) {
      throw S3Errors.invalidPartNumber(n, sizes.length);
    }
    for (let i = 0; i < n - 1; i++) start += sizes[i]!;
    length = sizes[n - 1]!;
    partsCount = row.parts === null ? undefined : sizes.length;
    whole = sizes.length === 1;
  }
  const range = parseRange(input.Range, row.size);
  if (range) {
    start = range.start;
    length = range.end - range.start + 1;
    whole = false;
  }
  const stored = headersOf(row);
  const output: Record<string, unknown> = {
    ...headersToOutput(stored),
    AcceptRanges: 'bytes',
    LastModified: lastModified,
    ContentLength: length,
    ETag: etag,
    Metadata: metadataOf(row),
  };
  if (stored.Expires !== undefined) output.Expires = stored.Expires;
  if (row.storage_class !== 'STANDARD') output.StorageClass = row.storage_class;
  if (row.tag_count > 0) output.TagCount = row.tag_count;
  if (partsCount !== undefined) output.PartsCount = partsCount;
  if (range || (input.PartNumber !== undefined && partsCount !== undefined))
    output.ContentRange = `bytes ${start}-${start + length - 1}/${row.size}`;
  if (input.ChecksumMode === 'ENABLED' && whole) Object.assign(output, checksumMembers(row));
  const overridden = RESPONSE_OVERRIDES.filter(([param]) => input[param] !== undefined);
  if (overridden.length > 0 || input.ResponseExpires !== undefined) {
    // S3 honours these only on signed requests (Amazon S3 API Reference, GetObject, "Overriding response header values").
    if (ctx.caller.type === 'Anonymous')
      throw S3Errors.invalidRequest(
        'Request specific response headers cannot be used for anonymous GET requests.',
      );
    for (const [param, member] of overridden) output[member] = input[param];
    if (input.ResponseExpires !== undefined) output.Expires = input.ResponseExpires.toUTCString();
  }
  return { row, start, length, output };
}
