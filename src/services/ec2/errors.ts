// EC2's errors, one catalogue (STYLE.md §6). Codes, statuses and texts are AWS's (reference
// imds-ec2.md §C.1, §C.3); where AWS's text is unrecorded the text is ours, says so, and tells the
// caller what to do. EC2 answers client errors with 400, UnauthorizedOperation with 403 and
// DryRunOperation with 412; the Ec2QueryProtocol renders them as `<Response><Errors><Error>`.
import { AwsError } from '../../aws/errors.js';

const err = (code: string, message: string, status = 400) => new AwsError(code, message, status);

/** `'a, b'` as EC2 lists several ids in one message. */
const list = (ids: readonly string[]) => ids.join(', ');

export const Ec2Errors = {
  /** moto's text, which follows AWS's `The instance ID 'i-…' does not exist` (reference §C.3). */
  instanceNotFound: (ids: readonly string[]) =>
    err(
      'InvalidInstanceID.NotFound',
      ids.length > 1
        ? `The instance IDs '${list(ids)}' do not exist`
        : `The instance ID '${ids[0]}' does not exist`,
    ),
  /** Reference §C.3: `Invalid id: "…"`. */
  instanceMalformed: (id: string) => err('InvalidInstanceID.Malformed', `Invalid id: "${id}"`),
  /** botocore test data and moto: `Invalid id: "x" (expecting "ami-...")`. */
  amiMalformed: (id: string) => err('InvalidAMIID.Malformed', `Invalid id: "${id}" (expecting "ami-...")`),
  subnetMalformed: (id: string) =>
    err('InvalidSubnetID.Malformed', `Invalid id: "${id}" (expecting "subnet-...")`),
  /** moto: `The ID 'x' is not valid` for a resource id of no known kind. */
  invalidId: (id: string) => err('InvalidID', `The ID '${id}' is not valid`),
  /** Reference §C.3, captured (eapd-2304). */
  notRunningOrStopped: (id: string) =>
    err('IncorrectInstanceState', `The instance '${id}' is not in the 'running' or 'stopped' states.`),
  /** Captured (burstable-ai/burst#42): `The instance 'i-…' is not in a state from which it can be started`. */
  cannotStart: (id: string) =>
    err('IncorrectInstanceState', `The instance '${id}' is not in a state from which it can be started.`),
  cannotStop: (id: string) =>
    err('IncorrectInstanceState', `The instance '${id}' is not in a state from which it can be stopped.`),
  cannotReboot: (id: string) =>
    err('IncorrectInstanceState', `The instance '${id}' is not in a state from which it can be rebooted.`),
  /** Ours (AWS's text is unrecorded): metadata options cannot change on a terminated instance. */
  terminated: (id: string) =>
    err('IncorrectInstanceState', `The instance '${id}' is terminated; its settings can no longer change.`),
  /** Reference §C.3 (oneobs-201). */
  existingAssociation: (instanceId: string) =>
    err('IncorrectState', `There is an existing association for instance ${instanceId}`),
  /** Reference §C.3 (cli-5251): Replace on an instance that is not running, or an ended association. */
  notActiveAssociation: (associationId: string) =>
    err('IncorrectState', `The association ${associationId} is not the active association`),
  /** moto's text (AWS's is unrecorded, reference §C.3). */
  associationNotFound: (associationId: string) =>
    err('InvalidAssociationID.NotFound', `An invalid association-id of '${associationId}' was given`),
  /** Reference §C.3 (cli-2570). */
  associationMalformed: () => err('InvalidParameterValue', 'Invalid value for associationId.'),
  /** Reference §C.3 (CiscoDevNet/cloud-cml#4, lacework-1045). */
  profileNameNotFound: (name: string) =>
    err(
      'InvalidParameterValue',
      `Value (${name}) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name`,
    ),
  profileArnNotFound: (arn: string) =>
    err(
      'InvalidParameterValue',
      `Value (${arn}) for parameter iamInstanceProfile.arn is invalid. Invalid IAM Instance Profile ARN`,
    ),
  /** Neither Name nor Arn (reference §C.3: must be rejected; MissingParameter chosen). */
  profileMissing: () =>
    err(
      'MissingParameter',
      'The request must contain the parameter iamInstanceProfile.name or iamInstanceProfile.arn',
    ),
  /** Name and Arn that name different profiles. Ours: AWS accepts a consistent pair (reference §D). */
  profileMismatch: () =>
    err(
      'InvalidParameterCombination',
      'The parameters iamInstanceProfile.name and iamInstanceProfile.arn name different instance profiles. Specify one of them.',
    ),
  missingParameter: (name: string) =>
    err('MissingParameter', `The request must contain the parameter ${name}`),
  invalidParameterValue: (message: string) => err('InvalidParameterValue', message),
  invalidParameterCombination: (message: string) => err('InvalidParameterCombination', message),
  /** moto's text, after AWS's `The filter 'x' is invalid`. */
  invalidFilter: (name: string) => err('InvalidParameterValue', `The filter '${name}' is invalid`),
  /** EC2's documented client error for a NextToken it did not issue. */
  invalidNextToken: () =>
    err('InvalidPaginationToken', 'The specified pagination token is not valid or is expired.'),
  /** `Value ( 3 ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.` (EC2 wording). */
  maxResults: (value: number, min: number, max: number) =>
    err(
      'InvalidParameterValue',
      `Value ( ${value} ) for parameter maxResults is invalid. Expecting a value between ${min} and ${max}.`,
    ),
  /** moto / AWS: `Request would have succeeded, but DryRun flag is set.` (HTTP 412). */
  dryRun: () => err('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412),
  /** Reference §C.3 and EC2-perm: the denial's explanation rides along, encoded. */
  unauthorized: (encoded: string | undefined) =>
    err(
      'UnauthorizedOperation',
      encoded === undefined
        ? 'You are not authorized to perform this operation.'
        : `You are not authorized to perform this operation. Encoded authorization failure message: ${encoded}`,
      403,
    ),
  /** AWS: `User data is limited to 16384 bytes`. */
  userDataTooLarge: () => err('InvalidParameterValue', 'User data is limited to 16384 bytes'),
  userDataEncoding: () => err('InvalidParameterValue', 'Invalid BASE64 encoding of user data.'),
  tagLimit: () => err('TagLimitExceeded', 'The maximum number of Tags for a resource has been reached.'),
  reservedTagKey: () =>
    err('InvalidParameterValue', "Tag keys starting with 'aws:' are reserved for internal use"),
  /** EC2UG-tags: keys allowed when tags are readable in instance metadata. */
  metadataTagKey: (key: string) =>
    err(
      'InvalidParameterValue',
      `The tag key '${key}' cannot be used while instance tags are allowed in metadata: use only letters, digits and + - = . , _ : @ (no spaces or /, not '.', '..' or '_index').`,
    ),
  addressesExhausted: (subnet: string) =>
    err(
      'InsufficientFreeAddressesInSubnet',
      `There are not enough free addresses in subnet '${subnet}' to satisfy the requested number of instances.`,
    ),
  /** Ours: a bound on one call, like AWS's per-call and per-account limits. */
  tooManyInstances: (max: number) =>
    err(
      'InstanceLimitExceeded',
      `You have requested more instances than latchkey launches in one call (at most ${max}). Launch them in several calls.`,
    ),
  unknownAvailabilityZone: (zone: string) =>
    err('InvalidParameterValue', `Invalid availability zone: [${zone}]`),
  /** The model documents 1–64 but does not constrain the shape; the text is ours. */
  hopLimit: (value: number) =>
    err(
      'InvalidParameterValue',
      `Value (${value}) for parameter httpPutResponseHopLimit is invalid. Valid values are 1 to 64.`,
    ),
  unknownRegion: (name: string) => err('InvalidParameterValue', `Invalid region: ${name}`),
} as const;
