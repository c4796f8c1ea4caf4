// The access-key operations, by name.
import type { AnyOperation } from '../../service.js';
import type { IamDeps } from '../deps.js';
import {
  createAccessKey,
  deleteAccessKey,
  getAccessKeyLastUsed,
  listAccessKeys,
  updateAccessKey,
} from './access-keys.js';

export const accessKeyOperations = (deps: IamDeps): Record<string, AnyOperation> => ({
  CreateAccessKey: createAccessKey(deps) as AnyOperation,
  ListAccessKeys: listAccessKeys(deps) as AnyOperation,
  UpdateAccessKey: updateAccessKey(deps) as AnyOperation,
  DeleteAccessKey: deleteAccessKey(deps) as AnyOperation,
  GetAccessKeyLastUsed: getAccessKeyLastUsed(deps) as AnyOperation,
});
