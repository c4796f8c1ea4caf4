// The AWS SDKs for Go and Ruby against latchkey (the Debian packages golang-github-aws-aws-sdk-go-v2-dev
// and ruby-aws-sdk-core, which .ci/run installs; skipped with a printed reason where absent). Their IMDS
// clients are the strictest (Go requires the token TTL header and `Code: Success`; Ruby's 3.168 ignores
// a port in the endpoint), so each resolves an instance role through the metadata service.
import { RunInstancesCommand } from '@aws-sdk/client-ec2';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from './helpers/clients.js';
import { ec2Client, endpointOf, roleWithProfile } from './helpers/ec2.js';
import { ACCOUNT, REPO, ROOT, startTestServer, tempDir, type TestServer } from './helpers/server.js';

const GO_SDK = '/usr/share/gocode/src/github.com/aws/aws-sdk-go-v2';
function hasTool(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}
const hasGo = hasTool('go', ['version']) && existsSync(GO_SDK);
const hasRuby = hasTool('ruby', ['-e', 'require "aws-sdk-core"']);
if (!hasGo)
  console.log(`Go SDK tests skipped: needs go and ${GO_SDK} (Debian golang-github-aws-aws-sdk-go-v2-dev)`);
if (!hasRuby) console.log('Ruby SDK tests skipped: needs ruby with aws-sdk-core (Debian ruby-aws-sdk-core)');

let server: TestServer;
let instanceId: string;
let imds: string;
const work = tempDir('latchkey-sdks-');

beforeAll(async () => {
  server = await startTestServer();
  await roleWithProfile(server.url, ROOT, 'SdkRole', 'SdkProfile');
  const out = await ec2Client(server.url, ROOT).send(
    new RunInstancesCommand({
      ImageId: 'ami-0abcdef1234567890',
      MinCount: 1,
      MaxCount: 1,
      IamInstanceProfile: { Name: 'SdkProfile' },
    }),
  );
  instanceId = out.Instances![0]!.InstanceId!;
  imds = await endpointOf(server.url, instanceId);
});
afterAll(async () => {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('AWS SDK for Go v2', () => {
  it.skipIf(!hasGo)(
    'drives STS, IAM, EC2 and S3, and resolves the instance role through IMDS',
    async () => {
      const src = join(work, 'go/src/smoke');
      mkdirSync(src, { recursive: true });
      writeFileSync(
        join(src, 'main.go'),
        await import('node:fs/promises').then((fs) =>
          fs.readFile(join(REPO, 'test/fixtures/go-smoke/main.go'), 'utf8'),
        ),
      );
      const env = {
        ...process.env,
        GOPATH: `${join(work, 'go')}:/usr/share/gocode`,
        GO111MODULE: 'off',
        GOFLAGS: '',
        GOCACHE: join(work, 'gocache'),
      };
      await new Promise<void>((resolve, reject) =>
        execFile(
          'go',
          ['build', '-o', join(work, 'smoke'), '.'],
          { cwd: src, env, timeout: 300_000 },
          (err, _o, stderr) => (err ? reject(new Error(stderr)) : resolve()),
        ),
      );
      const r = await run(join(work, 'smoke'), [], {
        LK_ENDPOINT: server.url,
        LK_AKID: ROOT.accessKeyId,
        LK_SECRET: ROOT.secretAccessKey,
        LK_IMDS: imds,
        LK_ROLE: 'GoRole',
        LK_BUCKET: 'gobucket',
      });
      expect(r.stdout).not.toContain('FAIL');
      expect(r.stdout).toContain(`sts arn:aws:iam::${ACCOUNT}:root`);
      expect(r.stdout).toContain('iam err true');
      expect(r.stdout).toContain('s3 keys 1 a/b.txt');
      expect(r.stdout).toContain(`instance arn:aws:sts::${ACCOUNT}:assumed-role/SdkRole/${instanceId}`);
    },
    360_000,
  );
});

describe('AWS SDK for Ruby (aws-sdk-core)', () => {
  it.skipIf(!hasRuby)(
    'calls STS, and resolves the instance role from AWS_EC2_METADATA_SERVICE_ENDPOINT',
    async () => {
      const script = `
require 'aws-sdk-core'
sts = Aws::STS::Client.new(endpoint: ENV['LK_ENDPOINT'], region: 'us-east-1', credentials: Aws::Credentials.new(ENV['LK_AKID'], ENV['LK_SECRET']))
puts "root #{sts.get_caller_identity.arn}"
begin
  Aws::STS::Client.new(endpoint: ENV['LK_ENDPOINT'], region: 'us-east-1', credentials: Aws::Credentials.new(ENV['LK_AKID'], 'x' * 40)).get_caller_identity
rescue Aws::STS::Errors::ServiceError => e
  puts "bad secret #{e.code}"
end
uri = URI(ENV['AWS_EC2_METADATA_SERVICE_ENDPOINT'])
creds = Aws::InstanceProfileCredentials.new(retries: 1, port: uri.port)
puts "instance #{Aws::STS::Client.new(endpoint: ENV['LK_ENDPOINT'], region: 'us-east-1', credentials: creds).get_caller_identity.arn}"
`;
      const r = await run('ruby', ['-e', script], {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        LK_ENDPOINT: server.url,
        LK_AKID: ROOT.accessKeyId,
        LK_SECRET: ROOT.secretAccessKey,
        AWS_EC2_METADATA_SERVICE_ENDPOINT: imds,
      });
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain(`root arn:aws:iam::${ACCOUNT}:root`);
      expect(r.stdout).toContain('bad secret SignatureDoesNotMatch');
      expect(r.stdout).toContain(`instance arn:aws:sts::${ACCOUNT}:assumed-role/SdkRole/${instanceId}`);
    },
  );
});
