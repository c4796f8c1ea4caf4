// The restXml codec against S3's model: which operation a method, path, query and headers name; how
// labels, query strings, headers, prefixed header maps and XML payloads decode; how outputs and errors
// encode. S3's own wording comes in through options; here the codec's defaults and hooks are pinned.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AwsError } from '../errors.js';
import { loadModel } from '../model/load.js';
import { RestXmlProtocol } from './rest-xml.js';
import { WireRequest } from './wire.js';

const model = loadModel('s3');
const protocol = new RestXmlProtocol(model, {
  xmlNamespace: 'http://s3.amazonaws.com/doc/2006-03-01/',
  outputRoots: new Map([['ListObjectsV2', 'ListBucketResult']]),
  bareErrors: true,
  malformedBody: (reason) => new AwsError('MalformedXML', reason, 400),
  malformedValue: (location, name, value, expected) =>
    expected === 'a timestamp' && location === 'header'
      ? undefined
      : new AwsError('InvalidArgument', `${name}=${value}`, 400),
});

const req = (method: string, target: string, headers: Record<string, string> = {}, body?: string) =>
  new WireRequest({
    method,
    target,
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), [v]])),
    ...(body !== undefined ? { body: Buffer.from(body) } : {}),
  });

const opOf = (method: string, target: string, headers: Record<string, string> = {}) =>
  protocol.resolveOperation(model, req(method, target, headers)).name;

describe('routing by method, path template, literal query and required bindings', () => {
  it.each([
    ['GET', '/', {}, 'ListBuckets'],
    ['PUT', '/b', {}, 'CreateBucket'],
    ['PUT', '/b/', {}, 'CreateBucket'],
    ['HEAD', '/b', {}, 'HeadBucket'],
    ['GET', '/b', {}, 'ListObjects'],
    ['GET', '/b?list-type=2&prefix=x', {}, 'ListObjectsV2'],
    ['GET', '/b?location', {}, 'GetBucketLocation'],
    ['GET', '/b?uploads', {}, 'ListMultipartUploads'],
    ['PUT', '/b?policy', {}, 'PutBucketPolicy'],
    ['POST', '/b?delete', {}, 'DeleteObjects'],
    ['PUT', '/b/k', {}, 'PutObject'],
    ['PUT', '/b/k', { 'x-amz-copy-source': 'b/src' }, 'CopyObject'],
    ['PUT', '/b/k?partNumber=1&uploadId=u', {}, 'UploadPart'],
    ['PUT', '/b/k?partNumber=1&uploadId=u', { 'x-amz-copy-source': 'b/src' }, 'UploadPartCopy'],
    ['GET', '/b/k', {}, 'GetObject'],
    ['GET', '/b/k?uploadId=u', {}, 'ListParts'],
    ['GET', '/b/k?tagging', {}, 'GetObjectTagging'],
    ['DELETE', '/b/k', {}, 'DeleteObject'],
    ['DELETE', '/b/k?uploadId=u', {}, 'AbortMultipartUpload'],
    ['POST', '/b/k?uploads', {}, 'CreateMultipartUpload'],
    ['POST', '/b/k?uploadId=u', {}, 'CompleteMultipartUpload'],
    ['GET', '/b/a/b/c?x-id=GetObject', {}, 'GetObject'],
  ])('%s %s %j is %s', (method, target, headers, expected) => {
    expect(opOf(method, target, headers)).toBe(expected);
  });

  it('names no operation for a POST to an object without ?uploads or ?uploadId', () => {
    expect(() => opOf('POST', '/b/k')).toThrow();
    expect(() => opOf('PATCH', '/b')).toThrow();
  });
});

describe('decoding', () => {
  it('decodes labels (a greedy key keeps its slashes and encoded characters), query values and headers', () => {
    const r = req('GET', '/my-bucket/a%20b/c%2Bd//e?partNumber=3&response-content-type=text%2Fplain', {
      range: 'bytes=0-9',
      'if-modified-since': 'Wed, 21 Oct 2015 07:28:00 GMT',
      'x-amz-checksum-mode': 'ENABLED',
    });
    const op = protocol.resolveOperation(model, r);
    expect(protocol.decode(op, r)).toEqual({
      Bucket: 'my-bucket',
      Key: 'a b/c+d//e',
      PartNumber: 3,
      ResponseContentType: 'text/plain',
      Range: 'bytes=0-9',
      IfModifiedSince: new Date('2015-10-21T07:28:00Z'),
      ChecksumMode: 'ENABLED',
    });
  });

  it('ignores a malformed date header when the hook says so; refuses a malformed integer', () => {
    const r = req('GET', '/b/k', { 'if-modified-since': 'yesterday' });
    expect(protocol.decode(protocol.resolveOperation(model, r), r).IfModifiedSince).toBeUndefined();
    const bad = req('GET', '/b/k?partNumber=two');
    expect(() => protocol.decode(protocol.resolveOperation(model, bad), bad)).toThrow('partNumber=two');
  });

  it('collects a prefixed header map (x-amz-meta-*)', () => {
    const r = req('PUT', '/b/k', {
      'x-amz-meta-owner': 'alice',
      'x-amz-meta-Multi-Word': 'v',
      'content-type': 'text/plain',
    });
    const input = protocol.decode(protocol.resolveOperation(model, r), r);
    expect(input.Metadata).toEqual({ owner: 'alice', 'multi-word': 'v' });
    expect(input.ContentType).toBe('text/plain');
  });

  it('reads an XML payload by its shape: flattened lists, booleans, entities, whitespace kept in values', () => {
    const body =
      '<?xml version="1.0"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
      '<Object><Key> spaced &amp; &#x41;&#66; </Key></Object><Object><Key>two</Key><VersionId>null</VersionId></Object>' +
      '<Quiet>true</Quiet></Delete>';
    const r = req('POST', '/b?delete', {}, body);
    expect(protocol.decode(protocol.resolveOperation(model, r), r).Delete).toEqual({
      Objects: [{ Key: ' spaced & AB ' }, { Key: 'two', VersionId: 'null' }],
      Quiet: true,
    });
  });

  it('reads nested non-flattened lists (Tagging/TagSet/Tag) and an empty one', () => {
    const r = req(
      'PUT',
      '/b?tagging',
      {},
      '<Tagging><TagSet><Tag><Key>a</Key><Value>1</Value></Tag></TagSet></Tagging>',
    );
    expect(protocol.decode(protocol.resolveOperation(model, r), r).Tagging).toEqual({
      TagSet: [{ Key: 'a', Value: '1' }],
    });
    const empty = req('PUT', '/b?tagging', {}, '<Tagging><TagSet/></Tagging>');
    expect(protocol.decode(protocol.resolveOperation(model, empty), empty).Tagging).toEqual({ TagSet: [] });
  });

  it('refuses bodies that are not well-formed, have the wrong root, a DOCTYPE, or mistyped values', () => {
    for (const body of [
      '<Delete><Object>',
      '<Other/>',
      '<!DOCTYPE d [<!ENTITY x "y">]><Delete><Object><Key>&x;</Key></Object></Delete>',
      '<Delete><Quiet>maybe</Quiet></Delete>',
      '<Delete/>trailing',
    ]) {
      const r = req('POST', '/b?delete', {}, body);
      expect(() => protocol.decode(protocol.resolveOperation(model, r), r), body).toThrow(AwsError);
    }
  });

  it('hands a streaming payload over as the stream', () => {
    const stream = Readable.from([Buffer.from('x')]);
    const r = req('PUT', '/b/k').withStream(stream);
    expect(protocol.decode(protocol.resolveOperation(model, r), r).Body).toBe(stream);
  });
});

describe('encoding', () => {
  it('writes outputs without a payload member under the operation’s root element, lists flattened, in the namespace', () => {
    const op = model.operations.get('ListObjectsV2')!;
    const res = protocol.encode(
      op,
      {
        Name: 'b',
        KeyCount: 1,
        IsTruncated: false,
        Contents: [{ Key: 'a&b', Size: 3, LastModified: new Date('2020-01-02T03:04:05.678Z'), ETag: '"e"' }],
        CommonPrefixes: [{ Prefix: 'p/' }],
      },
      { requestId: 'r' },
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml');
    expect(res.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
        '<IsTruncated>false</IsTruncated><Contents><Key>a&amp;b</Key><LastModified>2020-01-02T03:04:05.678Z</LastModified>' +
        '<ETag>&quot;e&quot;</ETag><Size>3</Size></Contents><Name>b</Name><CommonPrefixes><Prefix>p/</Prefix></CommonPrefixes>' +
        '<KeyCount>1</KeyCount></ListBucketResult>',
    );
  });

  it('puts header members in headers (dates as RFC 822) and a blob payload as the body; no body without body members', () => {
    const stream = Readable.from(['x']);
    const get = protocol.encode(
      model.operations.get('GetObject')!,
      {
        Body: stream,
        ContentLength: 1,
        LastModified: new Date('2015-10-21T07:28:00Z'),
        Metadata: { a: 'b' },
        ETag: '"e"',
      },
      { requestId: 'r' },
    );
    expect(get.body).toBe(stream);
    expect(get.headers).toMatchObject({
      'content-length': '1',
      'last-modified': 'Wed, 21 Oct 2015 07:28:00 GMT',
      'x-amz-meta-a': 'b',
      etag: '"e"',
    });
    const del = protocol.encode(model.operations.get('DeleteObject')!, {}, { requestId: 'r' });
    expect(del).toEqual({ status: 204, headers: {}, body: '' });
  });

  it('writes errors as <Error> documents with extra members when told to, wrapped otherwise', () => {
    const e = new AwsError('NoSuchKey', 'The specified key does not exist.', 404, { extra: { Key: 'k<' } });
    expect(protocol.encodeError(e, { requestId: 'r' }).body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>k&lt;</Key><RequestId>r</RequestId></Error>',
    );
    const wrapped = new RestXmlProtocol(model).encodeError(e, { requestId: 'r' });
    expect(wrapped.body).toContain('<ErrorResponse><Error><Type>Sender</Type><Code>NoSuchKey</Code>');
    expect(wrapped.status).toBe(404);
  });
});
