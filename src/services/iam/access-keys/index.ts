// The access-key operations, by name.
import {
  createAccessKey,
  deleteAccessKey,
  getAccessKeyLastUsed,
  listAccessKeys,
  updateAccessKey,
} from './access-keys.js';

export const accessKeyOperations = {
  CreateAccessKey: createAccessKey,
  ListAccessKeys: listAccessKeys,
  UpdateAccessKey: updateAccessKey,
  DeleteAccessKey: deleteAccessKey,
  GetAccessKeyLastUsed: getAccessKeyLastUsed,
} as const;
