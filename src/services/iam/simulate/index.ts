// The simulation operations, by name.
import type { AnyOperation } from '../../service.js';
import type { IamDeps } from '../deps.js';
import {
  getContextKeysForCustomPolicy,
  getContextKeysForPrincipalPolicy,
  simulateCustomPolicy,
  simulatePrincipalPolicy,
} from './simulate.js';

export const simulationOperations = (deps: IamDeps): Record<string, AnyOperation> => ({
  SimulatePrincipalPolicy: simulatePrincipalPolicy(deps) as AnyOperation,
  SimulateCustomPolicy: simulateCustomPolicy() as AnyOperation,
  GetContextKeysForPrincipalPolicy: getContextKeysForPrincipalPolicy(deps) as AnyOperation,
  GetContextKeysForCustomPolicy: getContextKeysForCustomPolicy() as AnyOperation,
});
