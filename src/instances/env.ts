// The environment of a program that runs on an instance (reference imds-ec2.md §B.4, §A.1): SDKs find
// the instance's metadata endpoint through AWS_EC2_METADATA_SERVICE_ENDPOINT (botocore, JS v3, Go v2,
// Ruby v3 and Java v2 all read it), and every credential source they would try before IMDS is removed
// — environment keys, profiles, shared config and credential files, web identity, the container
// provider, AWS_EC2_METADATA_DISABLED (which the JS SDK treats as "disabled" whatever its value) — so the
// instance role is what they find, as on EC2. The metadata address is added to NO_PROXY so a proxy
// (which would add X-Forwarded-For and be refused) is not used for it. No credentials are ever set.
import type { ExecPlan } from './driver.js';

export const CLEARED = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
  'AWS_CREDENTIAL_FILE',
  'BOTO_CONFIG',
  'AWS_EC2_METADATA_DISABLED',
] as const;

export interface EnvironmentInput {
  /** http://127.a.b.c:PORT, or undefined inside a namespace (the SDKs' default 169.254.169.254). */
  readonly metadataEndpoint: string | undefined;
  /** The host to keep away from proxies. */
  readonly metadataHost: string;
  readonly apiUrl: string;
  readonly region: string;
}

export function instanceEnvironment(input: EnvironmentInput, prefix: readonly string[] = []): ExecPlan {
  const noProxy = input.metadataHost;
  const set: Record<string, string> = {
    AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'IPv4',
    AWS_ENDPOINT_URL: input.apiUrl,
    AWS_REGION: input.region,
    AWS_DEFAULT_REGION: input.region,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    NO_PROXY: noProxy,
    no_proxy: noProxy,
  };
  const unset: string[] = [...CLEARED];
  if (input.metadataEndpoint !== undefined) set.AWS_EC2_METADATA_SERVICE_ENDPOINT = input.metadataEndpoint;
  else unset.push('AWS_EC2_METADATA_SERVICE_ENDPOINT');
  return { set, unset, prefix };
}

/** `base` with the plan applied (for spawning a program on the instance). */
export function applyPlan(base: NodeJS.ProcessEnv, plan: ExecPlan): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const k of plan.unset) delete env[k];
  for (const [k, v] of Object.entries(plan.set)) {
    // NO_PROXY is extended, not replaced.
    const old = (k === 'NO_PROXY' || k === 'no_proxy') && base[k] ? base[k] : undefined;
    env[k] = old !== undefined && !old.split(',').includes(v) ? `${old},${v}` : v;
  }
  return env;
}

/** Shell lines that apply the plan: `unset …` then `export K='v'`. */
export function shellLines(plan: ExecPlan): string {
  const quote = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;
  const lines = [`unset ${plan.unset.join(' ')}`];
  for (const [k, v] of Object.entries(plan.set)) lines.push(`export ${k}=${quote(v)}`);
  return lines.join('\n') + '\n';
}
