// EC2 (issue 5): instances and their IAM instance-profile associations. Tags and security groups are
// JSON arrays on the instance row (only instances carry them here). Two rules are the database's, not
// the code's, so that concurrent requests on any node cannot break them (migration 0005-ec2):
// - an instance has at most one active association (partial unique index on `active = 1`);
// - a live instance's private IP (per VPC) and its metadata address are unique (partial on `live = 1`).

export interface Ec2InstancesTable {
  /** `i-` + 17 hex digits. */
  instance_id: string;
  account_id: string;
  region: string;
  reservation_id: string;
  image_id: string;
  instance_type: string;
  /** Launch order within one RunInstances call, from 0 (`ami-launch-index`). */
  launch_index: number;
  key_name: string | null;
  /** pending | running | stopping | stopped | shutting-down | terminated. */
  state: string;
  /** StateTransitionReason, e.g. `User initiated (2024-05-01 12:00:00 GMT)`; '' when none. */
  state_reason: string;
  /** The last time the instance started (LaunchTime). */
  launched_at: number;
  /** When RunInstances created it (the identity document's pendingTime is the last start). */
  created_at: number;
  terminated_at: number | null;
  availability_zone: string;
  subnet_id: string;
  vpc_id: string;
  private_ip: string;
  mac: string;
  /** JSON [{GroupId, GroupName}]. */
  security_groups: string;
  /** Base64, as RunInstances received it; null when none. */
  user_data: string | null;
  client_token: string | null;
  http_tokens: string;
  http_put_response_hop_limit: number;
  http_endpoint: string;
  http_protocol_ipv6: string;
  instance_metadata_tags: string;
  /** JSON [{Key, Value}] in insertion order. */
  tags: string;
  /** The loopback address (127.x.y.z) its metadata endpoint answers on. */
  imds_address: string;
  /** The runtime driver that runs it: virtual | process | netns. */
  driver: string;
  /** Starts so far (1 after launch): tokens and the identity document belong to one boot. */
  boot: number;
  /** 1 until terminated. */
  live: number;
}

export interface Ec2AssociationsTable {
  /** `iip-assoc-` + 17 hex digits. */
  association_id: string;
  account_id: string;
  instance_id: string;
  /** The instance profile as it was when associated: its ARN (with path) and AIPA… id. */
  profile_arn: string;
  profile_id: string;
  /** associated | disassociated. */
  state: string;
  /** 1 while associated. */
  active: number;
  associated_at: number;
  ended_at: number | null;
}

export interface Ec2Tables {
  ec2_instances: Ec2InstancesTable;
  ec2_associations: Ec2AssociationsTable;
}
