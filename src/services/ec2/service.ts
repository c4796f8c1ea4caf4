// The EC2 service (issue 5): ec2Query, API version 2016-11-15, namespace
// `http://ec2.amazonaws.com/doc/2016-11-15/` with the trailing slash that AWS's responses carry (the
// botocore model has none; reference imds-ec2.md §C.1, §F.10). Denials are UnauthorizedOperation (403)
// with the engine's explanation encoded for sts:DecodeAuthorizationMessage.
// May import: policy, aws, store (DESIGN.md). The instance runtime and the metadata service hear of
// changes through Ec2Deps.events.
import { loadModel } from '../../aws/model/load.js';
import { Ec2QueryProtocol } from '../../aws/protocols/ec2.js';
import { ec2AuthErrors } from '../../aws/sigv4/auth-errors.js';
import type { AnyOperation, Denial, ServiceDefinition } from '../service.js';
import { associateIamInstanceProfile } from './associations/associate.js';
import { describeIamInstanceProfileAssociations } from './associations/describe.js';
import {
  disassociateIamInstanceProfile,
  replaceIamInstanceProfileAssociation,
} from './associations/replace.js';
import type { Ec2Deps } from './deps.js';
import { Ec2Errors } from './errors.js';
import { getConsoleOutput } from './instances/console-output.js';
import { describeInstances, describeInstanceStatus } from './instances/describe-instances.js';
import { modifyInstanceMetadataOptions } from './instances/metadata-options.js';
import { runInstances } from './instances/run-instances.js';
import {
  rebootInstances,
  startInstances,
  stopInstances,
  terminateInstances,
} from './instances/state-changes.js';
import { describeAvailabilityZones, describeRegions } from './regions.js';
import { createTags, deleteTags, describeTags } from './tags/tags.js';

/** AWS's success responses carry the namespace with a trailing slash (API-Associate sample). */
export const EC2_NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/';

export function createEc2Service(deps: Ec2Deps, serverRegion: string): ServiceDefinition {
  const model = loadModel('ec2');
  const ops: Record<string, AnyOperation> = {
    RunInstances: runInstances(deps) as AnyOperation,
    DescribeInstances: describeInstances(deps) as AnyOperation,
    DescribeInstanceStatus: describeInstanceStatus(deps) as AnyOperation,
    StartInstances: startInstances(deps) as AnyOperation,
    StopInstances: stopInstances(deps) as AnyOperation,
    RebootInstances: rebootInstances(deps) as AnyOperation,
    TerminateInstances: terminateInstances(deps) as AnyOperation,
    CreateTags: createTags(deps) as AnyOperation,
    DeleteTags: deleteTags(deps) as AnyOperation,
    DescribeTags: describeTags(deps) as AnyOperation,
    GetConsoleOutput: getConsoleOutput(deps) as AnyOperation,
    ModifyInstanceMetadataOptions: modifyInstanceMetadataOptions(deps) as AnyOperation,
    DescribeRegions: describeRegions(serverRegion) as AnyOperation,
    DescribeAvailabilityZones: describeAvailabilityZones() as AnyOperation,
    AssociateIamInstanceProfile: associateIamInstanceProfile(deps) as AnyOperation,
    ReplaceIamInstanceProfileAssociation: replaceIamInstanceProfileAssociation(deps) as AnyOperation,
    DisassociateIamInstanceProfile: disassociateIamInstanceProfile(deps) as AnyOperation,
    DescribeIamInstanceProfileAssociations: describeIamInstanceProfileAssociations(deps) as AnyOperation,
  };
  return {
    name: 'ec2',
    model,
    protocol: new Ec2QueryProtocol({ xmlNamespace: EC2_NAMESPACE, apiVersion: model.metadata.apiVersion }),
    authErrors: ec2AuthErrors,
    accessDenied: (d: Denial) => Ec2Errors.unauthorized(d.encodedMessage),
    operations: new Map(Object.entries(ops)),
  };
}
