// What STS's operations need: the store (roles and their trust policies live in IAM's tables), the
// session keyring and the AWS managed policy catalogue (session policy ARNs).
import type { Store } from '../../store/store.js';
import type { ManagedPolicyCatalogue } from '../iam/common/catalogue.js';
import type { SessionKeyring } from './keyring.js';

export interface StsDeps {
  readonly store: Store;
  readonly keyring: SessionKeyring;
  readonly catalogue: ManagedPolicyCatalogue;
}
