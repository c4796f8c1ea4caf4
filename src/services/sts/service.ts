// The STS service: awsQuery, namespace https://sts.amazonaws.com/doc/2011-06-15/ (reference
// iam-sts-policy.md §1, §4). Later issues add AssumeRole and the other session operations here.
import { loadModel } from '../../aws/model/load.js';
import { AwsQueryProtocol } from '../../aws/protocols/query.js';
import { queryAuthErrors } from '../../aws/sigv4/auth-errors.js';
import { queryAccessDenied } from '../access-denied.js';
import type { AnyOperation, ServiceDefinition } from '../service.js';
import { getCallerIdentity } from './get-caller-identity.js';

export function createStsService(): ServiceDefinition {
  const model = loadModel('sts');
  return {
    name: 'sts',
    model,
    protocol: new AwsQueryProtocol({
      xmlNamespace: model.metadata.xmlNamespace!,
      apiVersion: model.metadata.apiVersion,
    }),
    authErrors: queryAuthErrors,
    accessDenied: queryAccessDenied,
    operations: new Map<string, AnyOperation>([['GetCallerIdentity', getCallerIdentity as AnyOperation]]),
  };
}
