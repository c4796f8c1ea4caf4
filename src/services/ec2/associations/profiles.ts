// Finds the IAM instance profile an EC2 request names (`IamInstanceProfile.Name` or `.Arn`, reference
// imds-ec2.md §C.3): only the caller's own profiles; a missing one is EC2's InvalidParameterValue, never
// IAM's NoSuchEntity (reference §F.8). The profile's role, when it has one, is what iam:PassRole is
// checked on. A profile without a role is accepted (reference §C.3 leaves it open; moto and Vault users
// rely on it): the instance then gets `iam/info` but no credentials.
import type { InstanceProfileRow, RoleRow } from '../../../store/repos/iam/index.js';
import type { ReadRepositories } from '../../../store/store.js';
import { Ec2Errors } from '../errors.js';
import type { IamInstanceProfileSpecification } from '../shapes.js';

export interface ResolvedProfile {
  readonly profile: InstanceProfileRow;
  readonly role: RoleRow | undefined;
}

/** Throws MissingParameter when neither Name nor Arn is given. */
export function checkSpecification(spec: IamInstanceProfileSpecification | undefined): void {
  if (
    !spec ||
    ((spec.Name === undefined || spec.Name === '') && (spec.Arn === undefined || spec.Arn === ''))
  ) {
    throw Ec2Errors.profileMissing();
  }
}

/** The profile, or undefined when it does not exist in the caller's account. */
export async function findProfile(
  r: ReadRepositories,
  account: string,
  spec: IamInstanceProfileSpecification,
): Promise<ResolvedProfile | undefined> {
  let profile: InstanceProfileRow | undefined;
  if (spec.Arn) {
    profile = await r.instanceProfiles.getByArn(spec.Arn);
    if (profile && profile.account_id !== account) profile = undefined;
    if (profile && spec.Name && profile.name_lower !== spec.Name.toLowerCase())
      throw Ec2Errors.profileMismatch();
  } else if (spec.Name) {
    profile = await r.instanceProfiles.get(account, spec.Name);
  }
  if (!profile) return undefined;
  const role = profile.role_lower === null ? undefined : await r.roles.get(account, profile.role_lower);
  return { profile, role };
}

/** As findProfile, throwing EC2's InvalidParameterValue for a profile that does not exist. */
export async function requireProfile(
  r: ReadRepositories,
  account: string,
  spec: IamInstanceProfileSpecification,
): Promise<ResolvedProfile> {
  checkSpecification(spec);
  const found = await findProfile(r, account, spec);
  if (found) return found;
  throw spec.Arn ? Ec2Errors.profileArnNotFound(spec.Arn) : Ec2Errors.profileNameNotFound(spec.Name!);
}
