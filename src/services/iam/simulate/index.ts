// The simulation operations, by name.
import {
  getContextKeysForCustomPolicy,
  getContextKeysForPrincipalPolicy,
  simulateCustomPolicy,
  simulatePrincipalPolicy,
} from './simulate.js';

export const simulationOperations = {
  SimulatePrincipalPolicy: simulatePrincipalPolicy,
  SimulateCustomPolicy: simulateCustomPolicy,
  GetContextKeysForPrincipalPolicy: getContextKeysForPrincipalPolicy,
  GetContextKeysForCustomPolicy: getContextKeysForCustomPolicy,
} as const;
