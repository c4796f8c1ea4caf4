// What an instance's association stands for right now (reference imds-ec2.md §A.4 `iam/`, §C.4;
// IAMUG-trouble): the profile as associated (ARN and AIPA… id) and the role the profile holds today.
// A profile deleted — or deleted and made again, with a new id — is `InstanceProfileNotFound`; a
// profile whose role was removed answers `iam/info` with a Message and no credentials. Cached per
// association, dropped when IAM changes, re-read after a few seconds for changes made by other nodes.
import type { Clock } from '../aws/clock.js';
import type { Store } from '../store/store.js';
import type { RoleRef } from './credentials.js';
import type { InstanceView } from './registry.js';

export type Binding =
  | { readonly kind: 'none' }
  | { readonly kind: 'profile-missing'; readonly profileArn: string; readonly profileId: string }
  | { readonly kind: 'no-role'; readonly profileArn: string; readonly profileId: string }
  | {
      readonly kind: 'role';
      readonly profileArn: string;
      readonly profileId: string;
      readonly role: RoleRef;
    };

const NONE: Binding = { kind: 'none' };

interface Entry {
  readonly association: string;
  readonly value: Binding;
  readonly generation: number;
  readonly at: number;
}

export class ProfileBindings {
  readonly #cache = new Map<string, Entry>();
  #generation = 0;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ttlMs = 5_000,
  ) {}

  iamChanged(): void {
    this.#generation++;
  }

  forget(instanceId: string): void {
    this.#cache.delete(instanceId);
  }

  get(view: InstanceView): Binding | Promise<Binding> {
    const a = view.association;
    if (!a) return NONE;
    const hit = this.#cache.get(view.instanceId);
    const now = this.clock.now();
    if (hit && hit.association === a.id && hit.generation === this.#generation && now - hit.at < this.ttlMs)
      return hit.value;
    const generation = this.#generation;
    return this.#load(view).then((value) => {
      if (generation === this.#generation) {
        this.#cache.set(view.instanceId, { association: a.id, value, generation, at: now });
      }
      return value;
    });
  }

  async #load(view: InstanceView): Promise<Binding> {
    const a = view.association!;
    const r = this.store.read;
    const profile = await r.instanceProfiles.getByArn(a.profileArn);
    const ids = { profileArn: a.profileArn, profileId: a.profileId };
    if (!profile || profile.profile_id !== a.profileId) return { kind: 'profile-missing', ...ids };
    const role =
      profile.role_lower === null ? undefined : await r.roles.get(profile.account_id, profile.role_lower);
    if (!role) return { kind: 'no-role', ...ids };
    return {
      kind: 'role',
      ...ids,
      role: { account: role.account_id, name: role.name, arn: role.arn, roleId: role.role_id },
    };
  }
}
