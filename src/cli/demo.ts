// `latchkey demo`: the seed documents' scenario against a running server, step by step — a role that
// EC2 may assume, a read-only policy for the `images` bucket, an instance profile, the bucket with a
// few objects, and an instance launched with the profile — then the commands to try on the instance.
// Safe to run twice: what already exists is kept.
import type { AwsClient } from './aws-client.js';
import { AwsCallError, xmlText } from './aws-client.js';

export const DEMO = {
  role: 'ImagesReadOnly',
  profile: 'ImagesReadOnly-Profile',
  bucket: 'images',
  objects: {
    'README.txt': 'The Images bucket of the latchkey demo.\n',
    'photos/cat.txt': 'a cat\n',
    'photos/dog.txt': 'a dog\n',
  },
} as const;

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

const READ_IMAGES = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${DEMO.bucket}` },
    { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${DEMO.bucket}/*` },
  ],
});

/** Runs a step; an error with one of `tolerated` codes means it was already done. */
async function step(
  say: (line: string) => void,
  what: string,
  run: () => Promise<unknown>,
  tolerated: string[] = [],
): Promise<void> {
  try {
    await run();
    say(`  ✓ ${what}`);
  } catch (e) {
    if (e instanceof AwsCallError && tolerated.includes(e.code)) say(`  ✓ ${what} (already there)`);
    else throw e;
  }
}

export async function runDemo(
  client: AwsClient,
  say: (line: string) => void,
): Promise<{ instanceId: string }> {
  say(
    'Setting up the seed scenario: an application on an instance reads the "images" bucket through a read-only role.',
  );
  await step(
    say,
    `role ${DEMO.role}, which ec2.amazonaws.com may assume`,
    () =>
      client.query('iam', 'CreateRole', {
        RoleName: DEMO.role,
        AssumeRolePolicyDocument: TRUST,
        Description: 'latchkey demo: reads the images bucket',
      }),
    ['EntityAlreadyExists'],
  );
  await step(say, 'its policy: s3:ListBucket and s3:GetObject on the images bucket only', () =>
    client.query('iam', 'PutRolePolicy', {
      RoleName: DEMO.role,
      PolicyName: 'ReadImages',
      PolicyDocument: READ_IMAGES,
    }),
  );
  await step(
    say,
    `instance profile ${DEMO.profile}`,
    () => client.query('iam', 'CreateInstanceProfile', { InstanceProfileName: DEMO.profile }),
    ['EntityAlreadyExists'],
  );
  await step(
    say,
    'the role in the profile',
    () =>
      client.query('iam', 'AddRoleToInstanceProfile', {
        InstanceProfileName: DEMO.profile,
        RoleName: DEMO.role,
      }),
    ['LimitExceeded'],
  );
  await step(say, `bucket ${DEMO.bucket}`, () => client.s3('PUT', `/${DEMO.bucket}`), [
    'BucketAlreadyOwnedByYou',
  ]);
  for (const [key, body] of Object.entries(DEMO.objects)) {
    await step(say, `object s3://${DEMO.bucket}/${key}`, () =>
      client.s3('PUT', `/${DEMO.bucket}/${key}`, body),
    );
  }
  let instanceId = '';
  await step(say, 'an instance launched with the profile', async () => {
    const out = await client.query('ec2', 'RunInstances', {
      ImageId: 'ami-0abcdef1234567890',
      InstanceType: 't3.micro',
      MinCount: 1,
      MaxCount: 1,
      'IamInstanceProfile.Name': DEMO.profile,
      'TagSpecification.1.ResourceType': 'instance',
      'TagSpecification.1.Tag.1.Key': 'Name',
      'TagSpecification.1.Tag.1.Value': 'latchkey-demo',
    });
    instanceId = xmlText(out, 'instanceId') ?? '';
  });
  say('');
  say(
    `Instance ${instanceId} runs with role ${DEMO.role}. On it, SDKs find no keys and ask its metadata service:`,
  );
  say('');
  say(`  npx latchkey instance exec ${instanceId} -- aws sts get-caller-identity`);
  say(`  npx latchkey instance exec ${instanceId} -- aws s3 ls s3://${DEMO.bucket} --recursive`);
  say(`  npx latchkey instance exec ${instanceId} -- aws s3 cp s3://${DEMO.bucket}/photos/cat.txt -`);
  say(
    `  echo hi | npx latchkey instance exec ${instanceId} -- aws s3 cp - s3://${DEMO.bucket}/upload.txt   # denied: the role is read-only`,
  );
  say(
    `  npx latchkey instance exec ${instanceId} -- sh -c 'TOKEN=$(curl -sX PUT "$AWS_EC2_METADATA_SERVICE_ENDPOINT/latest/api/token" -H "X-aws-ec2-metadata-token-ttl-seconds: 21600"); curl -s -H "X-aws-ec2-metadata-token: $TOKEN" "$AWS_EC2_METADATA_SERVICE_ENDPOINT/latest/meta-data/iam/security-credentials/${DEMO.role}"'`,
  );
  return { instanceId };
}
