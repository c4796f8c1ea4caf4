// The S3 service: REST-XML over the committed model (src/aws/model/data/s3.json) with S3's addressing
// and error quirks (./protocol.ts), SigV4 with S3's rules and streamed, verified bodies, anonymous
// callers admitted (a bucket policy may make objects public; the authorizer decides), S3's wording of
// authentication failures and AccessDenied. Object bytes live in files under `<dataDir>/objects/`;
// at start-up, files a crash left behind are removed in the background (./blob-store.ts).
//
// Owns: src/services/s3. Imports: aws (protocols, sigv4 errors), store (S3 repositories), policy
// (bucket policy validation).
import { loadModel } from '../../aws/model/load.js';
import { s3AuthErrors } from '../../aws/sigv4/auth-errors.js';
import type { AnyOperation, ServiceDefinition } from '../service.js';
import { s3AccessDenied } from './access-denied.js';
import { deleteBucketPolicy } from './bucket-policy/delete-bucket-policy.js';
import { getBucketPolicyStatus } from './bucket-policy/get-bucket-policy-status.js';
import { getBucketPolicy } from './bucket-policy/get-bucket-policy.js';
import { putBucketPolicy } from './bucket-policy/put-bucket-policy.js';
import { deleteBucketTagging } from './bucket-tagging/delete-bucket-tagging.js';
import { getBucketTagging } from './bucket-tagging/get-bucket-tagging.js';
import { putBucketTagging } from './bucket-tagging/put-bucket-tagging.js';
import { createBucket } from './buckets/create-bucket.js';
import { deleteBucket } from './buckets/delete-bucket.js';
import { getBucketLocation } from './buckets/get-bucket-location.js';
import { headBucket } from './buckets/head-bucket.js';
import { listBuckets } from './buckets/list-buckets.js';
import { collectLeftovers } from './collect.js';
import { abortMultipartUpload } from './multipart/abort-multipart-upload.js';
import { completeMultipartUpload } from './multipart/complete-multipart-upload.js';
import { createMultipartUpload } from './multipart/create-multipart-upload.js';
import { listMultipartUploads } from './multipart/list-multipart-uploads.js';
import { listParts } from './multipart/list-parts.js';
import { uploadPartCopy } from './multipart/upload-part-copy.js';
import { uploadPart } from './multipart/upload-part.js';
import { copyObject } from './objects/copy-object.js';
import { deleteObject } from './objects/delete-object.js';
import { deleteObjects } from './objects/delete-objects.js';
import { getObject } from './objects/get-object.js';
import { headObject } from './objects/head-object.js';
import { listObjectsV2 } from './objects/list-objects-v2.js';
import { listObjects } from './objects/list-objects.js';
import { putObject } from './objects/put-object.js';
import { deleteObjectTagging, getObjectTagging, putObjectTagging } from './objects/object-tagging.js';
import { bucketFromHost, S3Protocol } from './protocol.js';
import { S3State, type S3Deps } from './state.js';

export type { S3Deps } from './state.js';

export function createS3Service(deps: S3Deps): ServiceDefinition {
  const model = loadModel('s3');
  const state = new S3State(deps);
  const domains = deps.virtualHostDomains ?? ['localhost'];
  void collectLeftovers(state);
  const ops: Record<string, (s: S3State) => unknown> = {
    ListBuckets: listBuckets,
    CreateBucket: createBucket,
    HeadBucket: headBucket,
    DeleteBucket: deleteBucket,
    GetBucketLocation: getBucketLocation,
    PutBucketPolicy: putBucketPolicy,
    GetBucketPolicy: getBucketPolicy,
    DeleteBucketPolicy: deleteBucketPolicy,
    GetBucketPolicyStatus: getBucketPolicyStatus,
    PutBucketTagging: putBucketTagging,
    GetBucketTagging: getBucketTagging,
    DeleteBucketTagging: deleteBucketTagging,
    PutObject: putObject,
    GetObject: getObject,
    HeadObject: headObject,
    DeleteObject: deleteObject,
    DeleteObjects: deleteObjects,
    CopyObject: copyObject,
    ListObjectsV2: listObjectsV2,
    ListObjects: listObjects,
    GetObjectTagging: getObjectTagging,
    PutObjectTagging: putObjectTagging,
    DeleteObjectTagging: deleteObjectTagging,
    CreateMultipartUpload: createMultipartUpload,
    UploadPart: uploadPart,
    UploadPartCopy: uploadPartCopy,
    CompleteMultipartUpload: completeMultipartUpload,
    AbortMultipartUpload: abortMultipartUpload,
    ListParts: listParts,
    ListMultipartUploads: listMultipartUploads,
  };
  return {
    name: 's3',
    model,
    protocol: new S3Protocol(model, domains),
    hostBucket: (wire) => bucketFromHost(wire.header('host'), domains),
    authErrors: s3AuthErrors,
    accessDenied: s3AccessDenied(state.buckets),
    s3Signing: true,
    streamingBody: true,
    anonymous: true,
    operations: new Map(Object.entries(ops).map(([name, make]) => [name, make(state) as AnyOperation])),
  };
}
