// The EC2 API against the real server (issue 5; reference imds-ec2.md Part C and §F.7–§F.12): the seed
// documents' commands verbatim with the AWS CLI, EC2's XML and error shapes, the association state
// machine and its errors, iam:PassRole (UnauthorizedOperation, decodable), instance states, tags,
// metadata options, pagination, and races that must never leave two active associations.
import {
  AssociateIamInstanceProfileCommand,
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeAvailabilityZonesCommand,
  DescribeIamInstanceProfileAssociationsCommand,
  DescribeInstancesCommand,
  DescribeInstanceStatusCommand,
  DescribeRegionsCommand,
  DescribeTagsCommand,
  DisassociateIamInstanceProfileCommand,
  GetConsoleOutputCommand,
  ModifyInstanceMetadataOptionsCommand,
  RebootInstancesCommand,
  ReplaceIamInstanceProfileAssociationCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { DecodeAuthorizationMessageCommand } from '@aws-sdk/client-sts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aws, awsEnv, hasAwsCli, type Credentials } from './helpers/clients.js';
import { ec2Client, EC2_TRUST, roleWithProfile } from './helpers/ec2.js';
import { failure, iamClient, stsClient } from './helpers/sdk.js';
import { ACCOUNT, ROOT, startTestServer, tempDir, type TestServer } from './helpers/server.js';
import { FORM, signedFetch } from './helpers/sign.js';

let server: TestServer;
let ec2: EC2Client;
const AMI = 'ami-0abcdef1234567890';

const launch = async (extra: Partial<ConstructorParameters<typeof RunInstancesCommand>[0]> = {}) =>
  (
    await ec2.send(
      new RunInstancesCommand({ ImageId: AMI, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, ...extra }),
    )
  ).Instances!;

const associations = async (instanceId: string) =>
  (
    await ec2.send(
      new DescribeIamInstanceProfileAssociationsCommand({
        Filters: [{ Name: 'instance-id', Values: [instanceId] }],
      }),
    )
  ).IamInstanceProfileAssociations ?? [];

beforeAll(async () => {
  server = await startTestServer();
  ec2 = ec2Client(server.url, ROOT);
  await roleWithProfile(server.url, ROOT, 'TestRole-1', 'TestRole-1');
  await roleWithProfile(server.url, ROOT, 'TestRole-2', 'TestRole-2');
});
afterAll(async () => {
  await server?.stop();
});

describe.skipIf(!hasAwsCli)('the seed documents, verbatim (AWS CLI)', () => {
  let env: NodeJS.ProcessEnv;
  const cli = async (args: string[]) => {
    const r = await aws(args, env);
    expect(r.code, r.stderr).toBe(0);
    return r.json as Record<string, never>;
  };

  beforeAll(async () => {
    env = awsEnv(server.url, ROOT);
    const dir = tempDir();
    writeFileSync(join(dir, 'ec2-role-trust-policy.json'), EC2_TRUST);
    writeFileSync(
      join(dir, 'ec2-role-access-policy.json'),
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['s3:*'], Resource: ['*'] }],
      }),
    );
    // EC2UG-iamroles "To create an IAM role and instance profile (AWS CLI)".
    await cli([
      'iam',
      'create-role',
      '--role-name',
      's3access',
      '--assume-role-policy-document',
      `file://${dir}/ec2-role-trust-policy.json`,
    ]);
    await cli([
      'iam',
      'put-role-policy',
      '--role-name',
      's3access',
      '--policy-name',
      'S3-Permissions',
      '--policy-document',
      `file://${dir}/ec2-role-access-policy.json`,
    ]);
    await cli(['iam', 'create-instance-profile', '--instance-profile-name', 's3access-profile']);
    await cli([
      'iam',
      'add-role-to-instance-profile',
      '--instance-profile-name',
      's3access-profile',
      '--role-name',
      's3access',
    ]);
  });

  it('launches with --iam-instance-profile Name=…, attaches, replaces, describes and detaches as the EC2 User Guide shows', async () => {
    const profile = (await cli([
      'iam',
      'get-instance-profile',
      '--instance-profile-name',
      's3access-profile',
    ])) as unknown as { InstanceProfile: { Arn: string; InstanceProfileId: string } };
    const run = (await cli([
      'ec2',
      'run-instances',
      '--image-id',
      'ami-11aa22bb',
      '--iam-instance-profile',
      'Name="s3access-profile"',
      '--key-name',
      'my-key-pair',
      '--security-groups',
      'my-security-group',
      '--subnet-id',
      'subnet-1a2b3c4d',
    ])) as unknown as { ReservationId: string; OwnerId: string; Instances: Record<string, never>[] };
    expect(run.ReservationId).toMatch(/^r-[0-9a-f]{17}$/);
    expect(run.OwnerId).toBe(ACCOUNT);
    const launched = run.Instances[0] as unknown as Record<string, unknown>;
    expect(launched).toMatchObject({
      ImageId: 'ami-11aa22bb',
      State: { Code: 0, Name: 'pending' },
      KeyName: 'my-key-pair',
      SubnetId: 'subnet-1a2b3c4d',
      SecurityGroups: [{ GroupName: 'my-security-group' }],
      // §F.9: the IAM profile id, never the association id.
      IamInstanceProfile: { Arn: profile.InstanceProfile.Arn, Id: profile.InstanceProfile.InstanceProfileId },
      MetadataOptions: {
        State: 'pending',
        HttpTokens: 'optional',
        HttpPutResponseHopLimit: 1,
        HttpEndpoint: 'enabled',
        HttpProtocolIpv6: 'disabled',
        InstanceMetadataTags: 'disabled',
      },
    });
    const id = launched.InstanceId as string;
    expect(id).toMatch(/^i-[0-9a-f]{17}$/);

    const described = (await cli(['ec2', 'describe-instances', '--instance-ids', id])) as unknown as {
      Reservations: { Instances: Record<string, unknown>[] }[];
    };
    expect(described.Reservations[0]!.Instances[0]).toMatchObject({
      State: { Code: 16, Name: 'running' },
      MetadataOptions: { State: 'applied' },
      IamInstanceProfile: { Id: profile.InstanceProfile.InstanceProfileId },
    });

    // A second instance without a role gets one attached (EC2UG-iamroles "Attaching an IAM Role").
    const bare = (
      (await cli(['ec2', 'run-instances', '--image-id', 'ami-11aa22bb'])) as unknown as {
        Instances: { InstanceId: string }[];
      }
    ).Instances[0]!.InstanceId;
    const attached = (await cli([
      'ec2',
      'associate-iam-instance-profile',
      '--instance-id',
      bare,
      '--iam-instance-profile',
      'Name="TestRole-1"',
    ])) as unknown as { IamInstanceProfileAssociation: Record<string, unknown> };
    expect(attached.IamInstanceProfileAssociation).toMatchObject({
      InstanceId: bare,
      State: 'associating',
      IamInstanceProfile: { Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/TestRole-1` },
    });
    const first = attached.IamInstanceProfileAssociation.AssociationId as string;
    expect(first).toMatch(/^iip-assoc-[0-9a-f]{17}$/);
    expect((attached.IamInstanceProfileAssociation.IamInstanceProfile as { Id: string }).Id).toMatch(
      /^AIPA[A-Z2-7]{17}$/,
    );

    const listed = (await cli(['ec2', 'describe-iam-instance-profile-associations'])) as unknown as {
      IamInstanceProfileAssociations: Record<string, unknown>[];
    };
    expect(listed.IamInstanceProfileAssociations.find((a) => a.InstanceId === bare)).toMatchObject({
      AssociationId: first,
      State: 'associated',
    });
    expect(listed.IamInstanceProfileAssociations.find((a) => a.InstanceId === id)).toMatchObject({
      State: 'associated',
    });

    // §F.7: Replace answers a new association id, associating; the old one is retired.
    const replaced = (await cli([
      'ec2',
      'replace-iam-instance-profile-association',
      '--association-id',
      first,
      '--iam-instance-profile',
      'Name="TestRole-2"',
    ])) as unknown as { IamInstanceProfileAssociation: Record<string, unknown> };
    const second = replaced.IamInstanceProfileAssociation.AssociationId as string;
    expect(second).not.toBe(first);
    expect(replaced.IamInstanceProfileAssociation).toMatchObject({
      InstanceId: bare,
      State: 'associating',
      IamInstanceProfile: { Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/TestRole-2` },
    });
    expect((await associations(bare)).map((a) => [a.AssociationId, a.State])).toEqual([
      [second, 'associated'],
    ]);

    const detached = (await cli([
      'ec2',
      'disassociate-iam-instance-profile',
      '--association-id',
      second,
    ])) as unknown as { IamInstanceProfileAssociation: Record<string, unknown> };
    expect(detached.IamInstanceProfileAssociation).toMatchObject({
      AssociationId: second,
      InstanceId: bare,
      State: 'disassociating',
    });
    expect(await associations(bare)).toEqual([]);
    const after = (await cli(['ec2', 'describe-instances', '--instance-ids', bare])) as unknown as {
      Reservations: { Instances: Record<string, unknown>[] }[];
    };
    expect(after.Reservations[0]!.Instances[0]!.IamInstanceProfile).toBeUndefined();
  });

  it('answers the CLI errors AWS answers (IncorrectState for a second association, InvalidParameterValue for an unknown profile)', async () => {
    const id = (await launch({ IamInstanceProfile: { Name: 'TestRole-1' } }))[0]!.InstanceId!;
    const again = await aws(
      [
        'ec2',
        'associate-iam-instance-profile',
        '--instance-id',
        id,
        '--iam-instance-profile',
        'Name=TestRole-2',
      ],
      env,
    );
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('(IncorrectState) when calling the AssociateIamInstanceProfile operation');
    expect(again.stderr).toContain(`: There is an existing association for instance ${id}`);
    const unknown = await aws(
      ['ec2', 'run-instances', '--image-id', AMI, '--iam-instance-profile', 'Name=NoSuchProfile'],
      env,
    );
    expect(unknown.stderr).toContain('(InvalidParameterValue) when calling the RunInstances operation');
    expect(unknown.stderr).toContain(
      ': Value (NoSuchProfile) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name',
    );
  });
});

describe('EC2 on the wire (§F.10)', () => {
  it('answers in EC2 XML: namespace with a trailing slash, lower-case requestId; errors as <Response><Errors> with RequestID', async () => {
    const ok = await signedFetch(
      {
        method: 'POST',
        url: server.url + '/',
        headers: FORM,
        body: 'Action=DescribeInstances&Version=2016-11-15',
      },
      ROOT,
      { service: 'ec2' },
    );
    const body = await ok.text();
    expect(ok.status).toBe(200);
    expect(body).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?><DescribeInstancesResponse xmlns="http:\/\/ec2\.amazonaws\.com\/doc\/2016-11-15\/"><requestId>[0-9a-f-]{36}<\/requestId>/,
    );
    const bad = await signedFetch(
      {
        method: 'POST',
        url: server.url + '/',
        headers: FORM,
        body: 'Action=DescribeInstances&Version=2016-11-15&InstanceId.1=i-0000000000000dead',
      },
      ROOT,
      { service: 'ec2' },
    );
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?><Response><Errors><Error><Code>InvalidInstanceID.NotFound<\/Code><Message>The instance ID 'i-0000000000000dead' does not exist<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>$/,
    );
  });

  it('answers MissingParameter and InvalidParameterValue for bad input, never a 500', async () => {
    expect(await failure(ec2.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1 })))).toMatchObject({
      code: 'MissingParameter',
      status: 400,
    });
    expect(
      await failure(ec2.send(new RunInstancesCommand({ ImageId: 'not-an-ami', MinCount: 1, MaxCount: 1 }))),
    ).toMatchObject({ code: 'InvalidAMIID.Malformed', status: 400 });
    expect(
      await failure(ec2.send(new RunInstancesCommand({ ImageId: AMI, MinCount: 2, MaxCount: 1 }))),
    ).toMatchObject({ code: 'InvalidParameterValue' });
    expect(
      await failure(
        ec2.send(new RunInstancesCommand({ ImageId: AMI, MinCount: 1, MaxCount: 1, UserData: '***' })),
      ),
    ).toMatchObject({ code: 'InvalidParameterValue', message: 'Invalid BASE64 encoding of user data.' });
    expect(
      await failure(
        ec2.send(
          new RunInstancesCommand({
            ImageId: AMI,
            MinCount: 1,
            MaxCount: 1,
            MetadataOptions: { HttpPutResponseHopLimit: 65 },
          }),
        ),
      ),
    ).toMatchObject({ code: 'InvalidParameterValue', status: 400 });
    expect(await failure(ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-xyz'] })))).toMatchObject({
      code: 'InvalidInstanceID.Malformed',
      message: 'Invalid id: "i-xyz"',
    });
    expect(
      await failure(
        ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'no-such-filter', Values: ['x'] }] })),
      ),
    ).toMatchObject({ code: 'InvalidParameterValue', message: "The filter 'no-such-filter' is invalid" });
    expect(await failure(ec2.send(new DescribeInstancesCommand({ MaxResults: 4 })))).toMatchObject({
      code: 'InvalidParameterValue',
    });
    expect(await failure(ec2.send(new DescribeInstancesCommand({ NextToken: 'garbage' })))).toMatchObject({
      code: 'InvalidPaginationToken',
    });
    expect(
      await failure(
        ec2.send(new RunInstancesCommand({ ImageId: AMI, MinCount: 1, MaxCount: 1, DryRun: true })),
      ),
    ).toMatchObject({ code: 'DryRunOperation', status: 412 });
  });
});

describe('associations (§C.3, §C.4, §F.7–§F.9, §F.11)', () => {
  it('gives every instance of a multi-instance launch its own association with the profile', async () => {
    const instances = await launch({ MinCount: 3, MaxCount: 3, IamInstanceProfile: { Name: 'TestRole-1' } });
    expect(instances).toHaveLength(3);
    expect(instances.map((i) => i.AmiLaunchIndex)).toEqual([0, 1, 2]);
    const ids = new Set<string>();
    for (const i of instances) {
      expect(i.IamInstanceProfile?.Arn).toBe(`arn:aws:iam::${ACCOUNT}:instance-profile/TestRole-1`);
      const [a] = await associations(i.InstanceId!);
      expect(a).toMatchObject({ InstanceId: i.InstanceId, State: 'associated' });
      ids.add(a!.AssociationId!);
    }
    expect(ids.size).toBe(3);
    const byProfile = await ec2.send(
      new DescribeInstancesCommand({
        Filters: [
          {
            Name: 'iam-instance-profile.arn',
            Values: [`arn:aws:iam::${ACCOUNT}:instance-profile/TestRole-1`],
          },
          { Name: 'instance-id', Values: instances.map((i) => i.InstanceId!) },
        ],
      }),
    );
    expect(byProfile.Reservations!.flatMap((r) => r.Instances!)).toHaveLength(3);
  });

  it('accepts a profile by ARN, and answers the EC2 errors for unknown, malformed and wrong-state cases', async () => {
    const [i] = await launch();
    const id = i!.InstanceId!;
    const arn = `arn:aws:iam::${ACCOUNT}:instance-profile/NoSuchProfile`;
    expect(
      await failure(
        ec2.send(
          new AssociateIamInstanceProfileCommand({ InstanceId: id, IamInstanceProfile: { Arn: arn } }),
        ),
      ),
    ).toEqual({
      code: 'InvalidParameterValue',
      status: 400,
      message: `Value (${arn}) for parameter iamInstanceProfile.arn is invalid. Invalid IAM Instance Profile ARN`,
    });
    expect(
      await failure(
        ec2.send(new AssociateIamInstanceProfileCommand({ InstanceId: id, IamInstanceProfile: {} })),
      ),
    ).toMatchObject({ code: 'MissingParameter', status: 400 });
    expect(
      await failure(
        ec2.send(
          new AssociateIamInstanceProfileCommand({
            InstanceId: 'i-0123456789abcdef0',
            IamInstanceProfile: { Name: 'TestRole-1' },
          }),
        ),
      ),
    ).toMatchObject({
      code: 'InvalidInstanceID.NotFound',
      message: "The instance ID 'i-0123456789abcdef0' does not exist",
    });
    const a = await ec2.send(
      new AssociateIamInstanceProfileCommand({
        InstanceId: id,
        IamInstanceProfile: { Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/TestRole-1` },
      }),
    );
    const assoc = a.IamInstanceProfileAssociation!.AssociationId!;
    expect(
      await failure(
        ec2.send(
          new ReplaceIamInstanceProfileAssociationCommand({
            AssociationId: id,
            IamInstanceProfile: { Name: 'TestRole-2' },
          }),
        ),
      ),
    ).toEqual({ code: 'InvalidParameterValue', status: 400, message: 'Invalid value for associationId.' });
    expect(
      await failure(
        ec2.send(
          new ReplaceIamInstanceProfileAssociationCommand({
            AssociationId: 'iip-assoc-0000000000000dead',
            IamInstanceProfile: { Name: 'TestRole-2' },
          }),
        ),
      ),
    ).toMatchObject({ code: 'InvalidAssociationID.NotFound', status: 400 });
    expect(
      await failure(
        ec2.send(new DisassociateIamInstanceProfileCommand({ AssociationId: 'iip-assoc-0000000000000dead' })),
      ),
    ).toMatchObject({ code: 'InvalidAssociationID.NotFound' });

    // Replace works only on running instances; attach and detach also on stopped ones.
    await ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    expect(
      await failure(
        ec2.send(
          new ReplaceIamInstanceProfileAssociationCommand({
            AssociationId: assoc,
            IamInstanceProfile: { Name: 'TestRole-2' },
          }),
        ),
      ),
    ).toEqual({
      code: 'IncorrectState',
      status: 400,
      message: `The association ${assoc} is not the active association`,
    });
    await ec2.send(new DisassociateIamInstanceProfileCommand({ AssociationId: assoc }));
    expect(
      await failure(ec2.send(new DisassociateIamInstanceProfileCommand({ AssociationId: assoc }))),
    ).toMatchObject({ code: 'InvalidAssociationID.NotFound' });
    const again = await ec2.send(
      new AssociateIamInstanceProfileCommand({ InstanceId: id, IamInstanceProfile: { Name: 'TestRole-2' } }),
    );
    expect(again.IamInstanceProfileAssociation?.State).toBe('associating');
    expect((await associations(id)).map((x) => x.State)).toEqual(['associated']);

    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    expect(await associations(id)).toEqual([]);
    expect(
      await failure(
        ec2.send(
          new AssociateIamInstanceProfileCommand({
            InstanceId: id,
            IamInstanceProfile: { Name: 'TestRole-1' },
          }),
        ),
      ),
    ).toEqual({
      code: 'IncorrectInstanceState',
      status: 400,
      message: `The instance '${id}' is not in the 'running' or 'stopped' states.`,
    });
  });

  it('pages associations with MaxResults 5–1000 and filters them by instance-id and state', async () => {
    const instances = await launch({ MinCount: 7, MaxCount: 7, IamInstanceProfile: { Name: 'TestRole-2' } });
    const ids = instances.map((i) => i.InstanceId!);
    expect(
      await failure(ec2.send(new DescribeIamInstanceProfileAssociationsCommand({ MaxResults: 4 }))),
    ).toMatchObject({ code: 'InvalidParameterValue' });
    expect(
      await failure(ec2.send(new DescribeIamInstanceProfileAssociationsCommand({ MaxResults: 1001 }))),
    ).toMatchObject({ code: 'InvalidParameterValue' });
    const filter = [
      { Name: 'instance-id', Values: ids },
      { Name: 'state', Values: ['associated'] },
    ];
    const p1 = await ec2.send(
      new DescribeIamInstanceProfileAssociationsCommand({ Filters: filter, MaxResults: 5 }),
    );
    expect(p1.IamInstanceProfileAssociations).toHaveLength(5);
    expect(p1.NextToken).toBeDefined();
    const p2 = await ec2.send(
      new DescribeIamInstanceProfileAssociationsCommand({
        Filters: filter,
        MaxResults: 5,
        NextToken: p1.NextToken,
      }),
    );
    expect(p2.IamInstanceProfileAssociations).toHaveLength(2);
    expect(p2.NextToken).toBeUndefined();
    expect(
      new Set(
        [...p1.IamInstanceProfileAssociations!, ...p2.IamInstanceProfileAssociations!].map(
          (a) => a.InstanceId,
        ),
      ),
    ).toEqual(new Set(ids));
    const none = await ec2.send(
      new DescribeIamInstanceProfileAssociationsCommand({
        Filters: [
          { Name: 'instance-id', Values: ids },
          { Name: 'state', Values: ['disassociating'] },
        ],
      }),
    );
    expect(none.IamInstanceProfileAssociations).toEqual([]);
    expect(none.NextToken).toBeUndefined();
  });

  it('never leaves an instance with two active associations, however many requests race', async () => {
    const [i] = await launch();
    const id = i!.InstanceId!;
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, n) =>
        ec2.send(
          new AssociateIamInstanceProfileCommand({
            InstanceId: id,
            IamInstanceProfile: { Name: n % 2 ? 'TestRole-1' : 'TestRole-2' },
          }),
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results)
      if (r.status === 'rejected')
        expect((r.reason as { Code?: string; name: string }).name).toBe('IncorrectState');
    const [active] = await associations(id);
    const replaces = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        ec2.send(
          new ReplaceIamInstanceProfileAssociationCommand({
            AssociationId: active!.AssociationId!,
            IamInstanceProfile: { Name: 'TestRole-1' },
          }),
        ),
      ),
    );
    expect(replaces.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await associations(id)).toHaveLength(1);
  });
});

describe('iam:PassRole (§F.12)', () => {
  let alice: Credentials;
  beforeAll(async () => {
    const iam = iamClient(server.url, ROOT);
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'alice',
        PolicyName: 'ec2',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }],
        }),
      }),
    );
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
    alice = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
  });

  it('refuses launch, attach and replace without iam:PassRole on the role (UnauthorizedOperation, 403, decodable); detach needs none', async () => {
    const asAlice = ec2Client(server.url, alice);
    const denied = await failure(
      asAlice.send(
        new RunInstancesCommand({
          ImageId: AMI,
          MinCount: 1,
          MaxCount: 1,
          IamInstanceProfile: { Name: 'TestRole-1' },
        }),
      ),
    );
    expect(denied.code).toBe('UnauthorizedOperation');
    expect(denied.status).toBe(403);
    const encoded =
      /^You are not authorized to perform this operation\. Encoded authorization failure message: (\S+)$/.exec(
        denied.message,
      )?.[1];
    expect(encoded).toBeDefined();
    const decoded = await stsClient(server.url, ROOT).send(
      new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded }),
    );
    const message = JSON.parse(decoded.DecodedMessage!) as {
      allowed: boolean;
      context: { action: string; resource: string };
    };
    expect(message).toMatchObject({
      allowed: false,
      context: { action: 'iam:PassRole', resource: `arn:aws:iam::${ACCOUNT}:role/TestRole-1` },
    });

    const [plain] = (await asAlice.send(new RunInstancesCommand({ ImageId: AMI, MinCount: 1, MaxCount: 1 })))
      .Instances!;
    expect(
      await failure(
        asAlice.send(
          new AssociateIamInstanceProfileCommand({
            InstanceId: plain!.InstanceId!,
            IamInstanceProfile: { Name: 'TestRole-1' },
          }),
        ),
      ),
    ).toMatchObject({ code: 'UnauthorizedOperation', status: 403 });
    const a = await ec2.send(
      new AssociateIamInstanceProfileCommand({
        InstanceId: plain!.InstanceId!,
        IamInstanceProfile: { Name: 'TestRole-1' },
      }),
    );
    expect(
      await failure(
        asAlice.send(
          new ReplaceIamInstanceProfileAssociationCommand({
            AssociationId: a.IamInstanceProfileAssociation!.AssociationId!,
            IamInstanceProfile: { Name: 'TestRole-2' },
          }),
        ),
      ),
    ).toMatchObject({ code: 'UnauthorizedOperation' });
    const d = await asAlice.send(
      new DisassociateIamInstanceProfileCommand({
        AssociationId: a.IamInstanceProfileAssociation!.AssociationId!,
      }),
    );
    expect(d.IamInstanceProfileAssociation?.State).toBe('disassociating');

    // PassRole for the role, only to EC2: the launch goes through.
    await iamClient(server.url, ROOT).send(
      new PutUserPolicyCommand({
        UserName: 'alice',
        PolicyName: 'pass',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'iam:PassRole',
              Resource: `arn:aws:iam::${ACCOUNT}:role/TestRole-*`,
              Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
            },
          ],
        }),
      }),
    );
    const ok = await asAlice.send(
      new RunInstancesCommand({
        ImageId: AMI,
        MinCount: 1,
        MaxCount: 1,
        IamInstanceProfile: { Name: 'TestRole-1' },
      }),
    );
    expect(ok.Instances![0]!.IamInstanceProfile?.Arn).toBe(
      `arn:aws:iam::${ACCOUNT}:instance-profile/TestRole-1`,
    );
  });

  it('evaluates ec2:MetadataHttpTokens, so a policy can require IMDSv2 at launch', async () => {
    const iam = iamClient(server.url, ROOT);
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'bob',
        PolicyName: 'v2-only',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'ec2:*', Resource: '*' },
            {
              Effect: 'Deny',
              Action: 'ec2:RunInstances',
              Resource: 'arn:aws:ec2:*:*:instance/*',
              Condition: { StringNotEquals: { 'ec2:MetadataHttpTokens': 'required' } },
            },
          ],
        }),
      }),
    );
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }))).AccessKey!;
    const bob = ec2Client(server.url, { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! });
    expect(
      await failure(bob.send(new RunInstancesCommand({ ImageId: AMI, MinCount: 1, MaxCount: 1 }))),
    ).toMatchObject({ code: 'UnauthorizedOperation' });
    const ok = await bob.send(
      new RunInstancesCommand({
        ImageId: AMI,
        MinCount: 1,
        MaxCount: 1,
        MetadataOptions: { HttpTokens: 'required' },
      }),
    );
    expect(ok.Instances![0]!.MetadataOptions?.HttpTokens).toBe('required');
  });
});

describe('instances', () => {
  it('moves through the states as AWS answers them, and refuses transitions the state forbids', async () => {
    const [i] = await launch();
    const id = i!.InstanceId!;
    const stop = await ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    expect(stop.StoppingInstances).toEqual([
      {
        InstanceId: id,
        CurrentState: { Code: 64, Name: 'stopping' },
        PreviousState: { Code: 16, Name: 'running' },
      },
    ]);
    const stopped = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations![0]!
      .Instances![0]!;
    expect(stopped.State).toEqual({ Code: 80, Name: 'stopped' });
    expect(stopped.StateTransitionReason).toMatch(/^User initiated \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d GMT\)$/);
    expect(
      (await ec2.send(new StopInstancesCommand({ InstanceIds: [id] }))).StoppingInstances![0]!.CurrentState
        ?.Name,
    ).toBe('stopped');
    expect(await failure(ec2.send(new RebootInstancesCommand({ InstanceIds: [id] })))).toMatchObject({
      code: 'IncorrectInstanceState',
    });
    const start = await ec2.send(new StartInstancesCommand({ InstanceIds: [id] }));
    expect(start.StartingInstances).toEqual([
      {
        InstanceId: id,
        CurrentState: { Code: 0, Name: 'pending' },
        PreviousState: { Code: 80, Name: 'stopped' },
      },
    ]);
    await ec2.send(new RebootInstancesCommand({ InstanceIds: [id] }));
    const status = await ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [id] }));
    expect(status.InstanceStatuses![0]).toMatchObject({
      InstanceId: id,
      InstanceState: { Name: 'running' },
      InstanceStatus: { Status: 'ok' },
    });
    const term = await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    expect(term.TerminatingInstances![0]).toMatchObject({
      CurrentState: { Code: 32, Name: 'shutting-down' },
      PreviousState: { Name: 'running' },
    });
    expect(
      (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations![0]!.Instances![0]!
        .State?.Name,
    ).toBe('terminated');
    expect(await failure(ec2.send(new StartInstancesCommand({ InstanceIds: [id] })))).toEqual({
      code: 'IncorrectInstanceState',
      status: 400,
      message: `The instance '${id}' is not in a state from which it can be started.`,
    });
    expect(
      await failure(ec2.send(new StopInstancesCommand({ InstanceIds: [id, 'i-0000000000000beef'] }))),
    ).toMatchObject({
      code: 'InvalidInstanceID.NotFound',
      message: "The instance ID 'i-0000000000000beef' does not exist",
    });
  });

  it('keeps metadata options a modification omits and answers pending for a running instance (§F.11)', async () => {
    const [i] = await launch({ MetadataOptions: { HttpPutResponseHopLimit: 3 } });
    const id = i!.InstanceId!;
    const m = await ec2.send(
      new ModifyInstanceMetadataOptionsCommand({ InstanceId: id, HttpTokens: 'required' }),
    );
    expect(m).toMatchObject({
      InstanceId: id,
      InstanceMetadataOptions: {
        State: 'pending',
        HttpTokens: 'required',
        HttpPutResponseHopLimit: 3,
        HttpEndpoint: 'enabled',
        HttpProtocolIpv6: 'disabled',
        InstanceMetadataTags: 'disabled',
      },
    });
    await ec2.send(
      new ModifyInstanceMetadataOptionsCommand({ InstanceId: id, InstanceMetadataTags: 'enabled' }),
    );
    const d = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations![0]!
      .Instances![0]!;
    expect(d.MetadataOptions).toEqual({
      State: 'applied',
      HttpTokens: 'required',
      HttpPutResponseHopLimit: 3,
      HttpEndpoint: 'enabled',
      HttpProtocolIpv6: 'disabled',
      InstanceMetadataTags: 'enabled',
    });
    expect(
      await failure(
        ec2.send(new ModifyInstanceMetadataOptionsCommand({ InstanceId: id, HttpPutResponseHopLimit: 0 })),
      ),
    ).toMatchObject({ code: 'InvalidParameterValue' });
    const found = await ec2.send(
      new DescribeInstancesCommand({
        Filters: [
          { Name: 'metadata-options.http-tokens', Values: ['required'] },
          { Name: 'instance-id', Values: [id] },
        ],
      }),
    );
    expect(found.Reservations).toHaveLength(1);
  });

  it('tags instances at launch and later, lists and filters tags, and pages instances', async () => {
    const instances = await launch({
      MinCount: 6,
      MaxCount: 6,
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'team', Value: 'paging' }] }],
    });
    const ids = instances.map((i) => i.InstanceId!);
    expect(instances[0]!.Tags).toEqual([{ Key: 'team', Value: 'paging' }]);
    await ec2.send(
      new CreateTagsCommand({
        Resources: [ids[0]!],
        Tags: [
          { Key: 'Name', Value: 'first' },
          { Key: 'team', Value: 'paging-2' },
        ],
      }),
    );
    const tags = await ec2.send(
      new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [ids[0]!] }] }),
    );
    expect(tags.Tags).toEqual([
      { ResourceId: ids[0], ResourceType: 'instance', Key: 'team', Value: 'paging-2' },
      { ResourceId: ids[0], ResourceType: 'instance', Key: 'Name', Value: 'first' },
    ]);
    await ec2.send(
      new DeleteTagsCommand({
        Resources: [ids[0]!],
        Tags: [{ Key: 'team', Value: 'not-this-value' }, { Key: 'Name' }],
      }),
    );
    expect(
      (await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [ids[0]!] }] })))
        .Tags,
    ).toEqual([{ ResourceId: ids[0], ResourceType: 'instance', Key: 'team', Value: 'paging-2' }]);
    expect(
      await failure(
        ec2.send(
          new CreateTagsCommand({ Resources: [ids[0]!], Tags: [{ Key: 'aws:reserved', Value: 'x' }] }),
        ),
      ),
    ).toMatchObject({ code: 'InvalidParameterValue' });
    expect(
      await failure(
        ec2.send(new CreateTagsCommand({ Resources: ['vol-0123'], Tags: [{ Key: 'a', Value: 'b' }] })),
      ),
    ).toMatchObject({ code: 'InvalidID' });

    const filters = [
      { Name: 'tag:team', Values: ['pag*'] },
      { Name: 'instance-state-name', Values: ['running', 'stopped'] },
    ];
    const p1 = await ec2.send(new DescribeInstancesCommand({ Filters: filters, MaxResults: 5 }));
    const p2 = await ec2.send(
      new DescribeInstancesCommand({ Filters: filters, MaxResults: 5, NextToken: p1.NextToken }),
    );
    expect(p1.Reservations!.flatMap((r) => r.Instances!)).toHaveLength(5);
    expect(p1.NextToken).toBeDefined();
    expect(p2.Reservations!.flatMap((r) => r.Instances!.map((i) => i.InstanceId))).toEqual([ids[5]]);
    expect(p2.NextToken).toBeUndefined();
  });

  it('answers console output, regions and zones', async () => {
    const [i] = await launch();
    const out = await ec2.send(new GetConsoleOutputCommand({ InstanceId: i!.InstanceId! }));
    expect(Buffer.from(out.Output!, 'base64').toString()).toContain(i!.InstanceId!);
    const regions = await ec2.send(new DescribeRegionsCommand({}));
    expect(regions.Regions!.find((r) => r.RegionName === 'us-east-1')).toEqual({
      RegionName: 'us-east-1',
      Endpoint: 'ec2.us-east-1.amazonaws.com',
      OptInStatus: 'opt-in-not-required',
    });
    const zones = await ec2.send(new DescribeAvailabilityZonesCommand({}));
    expect(zones.AvailabilityZones!.map((z) => z.ZoneName)).toContain('us-east-1a');
    expect(zones.AvailabilityZones![0]).toMatchObject({
      ZoneId: 'use1-az1',
      State: 'available',
      RegionName: 'us-east-1',
    });
  });
});
