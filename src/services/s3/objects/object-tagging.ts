// Get/Put/DeleteObjectTagging — an object's tag set (at most 10 tags). Authorized as
// s3:GetObjectTagging, s3:PutObjectTagging (with s3:RequestObjectTag/*) and s3:DeleteObjectTagging on
// the object, each with s3:ExistingObjectTag/*.
import { operation } from '../../service.js';
import { requestTagKeys } from '../access.js';
import { S3Errors } from '../errors.js';
import { findObject } from '../lookup.js';
import { objectAccess } from '../object-access.js';
import type {
  DeleteObjectTaggingOutput,
  DeleteObjectTaggingRequest,
  GetObjectTaggingOutput,
  GetObjectTaggingRequest,
  PutObjectTaggingOutput,
  PutObjectTaggingRequest,
} from '../shapes.js';
import type { S3State } from '../state.js';
import { parseTags, tagsJson, validateObjectTags, type TagSet } from '../tags.js';
import { checkBodyDigest } from './delete-objects.js';

function versionCheck(versionId: string | undefined): void {
  if (versionId !== undefined && versionId !== 'null')
    throw S3Errors.invalidArgument('Invalid version id specified', 'versionId', versionId);
}

async function setTags(state: S3State, bucket: string, key: string, tags: TagSet): Promise<void> {
  const ok = await state.store.transaction((tx) =>
    tx.s3Objects.setTags(bucket, key, tagsJson(tags), tags.length),
  );
  if (!ok) throw S3Errors.noSuchKey(key);
}

export const getObjectTagging = (state: S3State) =>
  operation<GetObjectTaggingRequest, GetObjectTaggingOutput>({
    action: 's3:GetObjectTagging',
    access: (input, ctx) => objectAccess(state, ctx, input.Bucket, input.Key, 's3:GetObjectTagging'),
    handler: async (input, ctx) => {
      versionCheck(input.VersionId);
      const row = await findObject(state, ctx, input.Bucket, input.Key);
      if (!row) throw S3Errors.noSuchKey(input.Key);
      return { TagSet: parseTags(row.tags) };
    },
  });

export const putObjectTagging = (state: S3State) =>
  operation<PutObjectTaggingRequest, PutObjectTaggingOutput>({
    action: 's3:PutObjectTagging',
    access: (input, ctx) =>
      objectAccess(
        state,
        ctx,
        input.Bucket,
        input.Key,
        's3:PutObjectTagging',
        requestTagKeys(input.Tagging.TagSet),
      ),
    handler: async (input, ctx) => {
      versionCheck(input.VersionId);
      checkBodyDigest(ctx, false);
      const tags = input.Tagging.TagSet ?? [];
      validateObjectTags(tags);
      await setTags(state, input.Bucket, input.Key, tags);
      return {};
    },
  });

export const deleteObjectTagging = (state: S3State) =>
  operation<DeleteObjectTaggingRequest, DeleteObjectTaggingOutput>({
    action: 's3:DeleteObjectTagging',
    access: (input, ctx) => objectAccess(state, ctx, input.Bucket, input.Key, 's3:DeleteObjectTagging'),
    handler: async (input) => {
      versionCheck(input.VersionId);
      await setTags(state, input.Bucket, input.Key, []);
      return {};
    },
  });
