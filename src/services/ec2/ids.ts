// EC2 resource ids (reference imds-ec2.md §C.2): a prefix and 17 lower-case hex digits — instances
// `i-`, reservations `r-`, associations `iip-assoc-`, network interfaces `eni-`; AMIs, subnets, VPCs and
// security groups take the old 8-digit form too. Stable ids (an account's default VPC, subnets and
// security group) are derived from the account and region so every node computes the same ones.
import { createHash, randomBytes } from 'node:crypto';

export const randomHex17 = (): string => randomBytes(9).toString('hex').slice(0, 17);

export const newInstanceId = (): string => `i-${randomHex17()}`;
export const newReservationId = (): string => `r-${randomHex17()}`;
export const newAssociationId = (): string => `iip-assoc-${randomHex17()}`;

/** A stable id of the given prefix for `parts` (e.g. the default VPC of an account in a region). */
export function derivedId(prefix: string, ...parts: string[]): string {
  return `${prefix}-${createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 17)}`;
}

export const INSTANCE_ID = /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
export const ASSOCIATION_ID = /^iip-assoc-[0-9a-f]{17}$/;
export const AMI_ID = /^ami-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
export const SUBNET_ID = /^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

/** A locally administered unicast MAC like the ones EC2 assigns (`0e:49:61:0f:c3:11`). */
export function newMac(): string {
  const b = randomBytes(6);
  b[0] = (b[0]! & 0xfc) | 0x02;
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
}
