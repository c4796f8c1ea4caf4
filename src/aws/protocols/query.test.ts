// The query codecs against botocore's own serializations (captured from botocore 1.43's
// serialize_to_request) and AWS's documented response and error envelopes.

import { describe, expect, it } from 'vitest';
import { loadModel } from '../model/load.js';
import { Ec2QueryProtocol } from './ec2.js';
import { AwsQueryProtocol } from './query.js';
import { validateInput } from './validate.js';
import { WireRequest } from './wire.js';
import { AwsError } from '../errors.js';

const form = (params: Record<string, string | number>) =>
  new WireRequest({
    method: 'POST',
    target: '/',
    headers: { 'content-type': ['application/x-www-form-urlencoded; charset=utf-8'] },
    body: Buffer.from(
      new URLSearchParams(
        Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]),
      ).toString(),
    ),
  });

const iam = loadModel('iam');
const ec2 = loadModel('ec2');
const iamQuery = new AwsQueryProtocol({
  xmlNamespace: 'https://iam.amazonaws.com/doc/2010-05-08/',
  apiVersion: '2010-05-08',
});
const ec2Query = new Ec2QueryProtocol({ xmlNamespace: 'http://ec2.amazonaws.com/doc/2016-11-15/' });

describe('awsQuery decoding', () => {
  it('reads structures and `.member.N` lists as botocore writes them', () => {
    const req = form({
      Action: 'CreateRole',
      Version: '2010-05-08',
      RoleName: 'r',
      AssumeRolePolicyDocument: '{}',
      'Tags.member.1.Key': 'a',
      'Tags.member.1.Value': 'b',
      'Tags.member.2.Key': 'c',
      'Tags.member.2.Value': '',
    });
    const op = iamQuery.resolveOperation(iam, req);
    expect(op.name).toBe('CreateRole');
    expect(iamQuery.decode(op, req)).toEqual({
      RoleName: 'r',
      AssumeRolePolicyDocument: '{}',
      Tags: [
        { Key: 'a', Value: 'b' },
        { Key: 'c', Value: '' },
      ],
    });
  });

  it('reads integers and booleans, and an empty list sent as `Name=`', () => {
    const req = form({ Action: 'ListRoles', Version: '2010-05-08', MaxItems: 5 });
    expect(iamQuery.decode(iamQuery.resolveOperation(iam, req), req)).toEqual({ MaxItems: 5 });
    const tags = form({ Action: 'UntagRole', Version: '2010-05-08', RoleName: 'r', TagKeys: '' });
    expect(iamQuery.decode(iamQuery.resolveOperation(iam, tags), tags)).toEqual({
      RoleName: 'r',
      TagKeys: [],
    });
  });

  it('refuses a non-integer where the model wants one, as a ValidationError', () => {
    const req = form({ Action: 'ListRoles', Version: '2010-05-08', MaxItems: 'lots' });
    expect(() => iamQuery.decode(iamQuery.resolveOperation(iam, req), req)).toThrowError(AwsError);
  });

  it('words model-constraint failures as AWS does', () => {
    const op = iam.operations.get('CreateRole')!;
    const violations = validateInput(op.input!, {
      RoleName: 'bad name!',
      AssumeRolePolicyDocument: '{}',
      MaxSessionDuration: 100,
      Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })),
    });
    const err = iamQuery.validationError(violations);
    expect(err.code).toBe('ValidationError');
    expect(err.status).toBe(400);
    expect(err.message).toBe(
      "3 validation errors detected: Value 'bad name!' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+; " +
        "Value '100' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600; " +
        "Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50",
    );
    const missing = validateInput(op.input!, { AssumeRolePolicyDocument: '{}' });
    expect(iamQuery.validationError(missing).message).toBe(
      "1 validation error detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null",
    );
    const tagKey = validateInput(op.input!, {
      RoleName: 'r',
      AssumeRolePolicyDocument: '{}',
      Tags: [{ Key: 'a'.repeat(129), Value: 'v' }],
    });
    expect(tagKey[0]?.path).toBe('tags.1.member.key');
  });
});

describe('awsQuery encoding', () => {
  it('wraps the output in <OpResult> with lists as <member> and ISO timestamps without fractions', () => {
    const op = iam.operations.get('ListRoles')!;
    const res = iamQuery.encode(
      op,
      {
        Roles: [
          {
            Path: '/',
            RoleName: 'r',
            RoleId: 'AROAEXAMPLE',
            Arn: 'arn:aws:iam::1:role/r',
            CreateDate: new Date('2024-01-02T03:04:05.678Z'),
            AssumeRolePolicyDocument: 'a&b',
          },
        ],
        IsTruncated: false,
      },
      { requestId: 'req-1' },
    );
    expect(res.body).toBe(
      '<ListRolesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListRolesResult><Roles><member>' +
        '<Path>/</Path><RoleName>r</RoleName><RoleId>AROAEXAMPLE</RoleId><Arn>arn:aws:iam::1:role/r</Arn>' +
        '<CreateDate>2024-01-02T03:04:05Z</CreateDate><AssumeRolePolicyDocument>a&amp;b</AssumeRolePolicyDocument>' +
        '</member></Roles><IsTruncated>false</IsTruncated></ListRolesResult>' +
        '<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></ListRolesResponse>',
    );
  });

  it('answers operations without output with only ResponseMetadata', () => {
    const res = iamQuery.encode(iam.operations.get('DeleteRole')!, undefined, { requestId: 'r' });
    expect(res.body).toBe(
      '<DeleteRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteRoleResponse>',
    );
  });

  it('renders errors as ErrorResponse with Type, Code, Message and RequestId', () => {
    const res = iamQuery.encodeError(
      new AwsError('NoSuchEntity', 'The role with name x cannot be found.', 404),
      { requestId: 'r' },
    );
    expect(res.status).toBe(404);
    expect(res.headers['x-amzn-requestid']).toBe('r');
    expect(res.body).toBe(
      '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>NoSuchEntity</Code>' +
        '<Message>The role with name x cannot be found.</Message></Error><RequestId>r</RequestId></ErrorResponse>',
    );
  });
});

describe('ec2Query', () => {
  it('reads EC2 parameter names: capitalised locationNames and `Name.N` lists', () => {
    const req = form({
      Action: 'RunInstances',
      Version: '2016-11-15',
      ImageId: 'ami-1',
      MinCount: 1,
      MaxCount: 2,
      'IamInstanceProfile.Name': 'p',
      'TagSpecification.1.ResourceType': 'instance',
      'TagSpecification.1.Tag.1.Key': 'a',
      'TagSpecification.1.Tag.1.Value': 'b',
      'MetadataOptions.HttpTokens': 'required',
      'SecurityGroupId.1': 'sg-1',
    });
    const input = ec2Query.decode(ec2Query.resolveOperation(ec2, req), req);
    expect(input).toEqual({
      ImageId: 'ami-1',
      MinCount: 1,
      MaxCount: 2,
      IamInstanceProfile: { Name: 'p' },
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'a', Value: 'b' }] }],
      MetadataOptions: { HttpTokens: 'required' },
      SecurityGroupIds: ['sg-1'],
    });
  });

  it('reads filters with several values', () => {
    const req = form({
      Action: 'DescribeIamInstanceProfileAssociations',
      Version: '2016-11-15',
      'Filter.1.Name': 'instance-id',
      'Filter.1.Value.1': 'i-1',
      'Filter.1.Value.2': 'i-2',
      MaxResults: 5,
    });
    expect(ec2Query.decode(ec2Query.resolveOperation(ec2, req), req)).toEqual({
      Filters: [{ Name: 'instance-id', Values: ['i-1', 'i-2'] }],
      MaxResults: 5,
    });
  });

  it('answers with a lower-case requestId first, no Result wrapper, item sets and millisecond timestamps', () => {
    const op = ec2.operations.get('AssociateIamInstanceProfile')!;
    const res = ec2Query.encode(
      op,
      {
        IamInstanceProfileAssociation: {
          AssociationId: 'iip-assoc-1',
          InstanceId: 'i-1',
          IamInstanceProfile: { Arn: 'arn', Id: 'AIPA1' },
          State: 'associating',
          Timestamp: new Date('2024-01-01T00:00:00Z'),
        },
      },
      { requestId: 'r' },
    );
    expect(res.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><AssociateIamInstanceProfileResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId>' +
        '<iamInstanceProfileAssociation><associationId>iip-assoc-1</associationId><instanceId>i-1</instanceId>' +
        '<iamInstanceProfile><arn>arn</arn><id>AIPA1</id></iamInstanceProfile><state>associating</state>' +
        '<timestamp>2024-01-01T00:00:00.000Z</timestamp></iamInstanceProfileAssociation></AssociateIamInstanceProfileResponse>',
    );
    const list = ec2Query.encode(
      ec2.operations.get('DescribeRegions')!,
      { Regions: [{ RegionName: 'us-east-1', Endpoint: 'e' }] },
      { requestId: 'r' },
    );
    expect(list.body).toContain(
      '<regionInfo><item><regionName>us-east-1</regionName><regionEndpoint>e</regionEndpoint></item></regionInfo>',
    );
  });

  it('renders errors as Response/Errors/Error with RequestID, and missing parameters as MissingParameter', () => {
    const res = ec2Query.encodeError(
      new AwsError('InvalidInstanceID.NotFound', "The instance ID 'i-1' does not exist", 400),
      { requestId: 'r' },
    );
    expect(res.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code>' +
        "<Message>The instance ID 'i-1' does not exist</Message></Error></Errors><RequestID>r</RequestID></Response>",
    );
    const op = ec2.operations.get('AssociateIamInstanceProfile')!;
    const err = ec2Query.validationError(validateInput(op.input!, { IamInstanceProfile: { Name: 'p' } }));
    expect([err.code, err.message]).toEqual([
      'MissingParameter',
      'The request must contain the parameter InstanceId',
    ]);
  });
});
