// AWS managed policies (`arn:aws:iam::aws:policy/…`): a curated catalogue with AWS's real documents
// (data/aws-managed-policies.json, made by scripts/extract-managed-policies.py). Read-only: they can
// be attached and used as boundaries, never edited or deleted.
import { readFileSync } from 'node:fs';
import { AWS_MANAGED_PREFIX } from './arns.js';

export interface AwsManagedPolicy {
  readonly name: string;
  readonly path: string;
  readonly arn: string;
  /** A stable unique id (ANPA…), derived from the name. */
  readonly policyId: string;
  readonly defaultVersionId: string;
  readonly createDate: Date;
  readonly updateDate: Date;
  readonly document: string;
}

interface RawEntry {
  name: string;
  path: string;
  defaultVersionId: string;
  createDate: string;
  updateDate: string;
  document: string;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** ANPA + 17 characters derived from the name, so every installation shows the same id. */
function stableId(name: string): string {
  let h = 2166136261;
  let id = 'ANPA';
  for (let i = 0; i < 17; i++) {
    for (const c of name + i) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
    id += BASE32[h & 31];
  }
  return id;
}

export class ManagedPolicyCatalogue {
  readonly #byArn = new Map<string, AwsManagedPolicy>();

  constructor(entries: readonly RawEntry[]) {
    for (const e of entries) {
      const arn = `${AWS_MANAGED_PREFIX}${e.path}${e.name}`;
      this.#byArn.set(arn, {
        name: e.name,
        path: e.path,
        arn,
        policyId: stableId(e.name),
        defaultVersionId: e.defaultVersionId,
        createDate: new Date(e.createDate),
        updateDate: new Date(e.updateDate),
        document: e.document,
      });
    }
  }

  static load(): ManagedPolicyCatalogue {
    const file = new URL('../data/aws-managed-policies.json', import.meta.url);
    return new ManagedPolicyCatalogue(JSON.parse(readFileSync(file, 'utf8')) as RawEntry[]);
  }

  get(arn: string): AwsManagedPolicy | undefined {
    return this.#byArn.get(arn);
  }

  /** Ordered by name. */
  all(): AwsManagedPolicy[] {
    return [...this.#byArn.values()].sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1));
  }
}

export const isAwsManagedArn = (arn: string): boolean => arn.startsWith(AWS_MANAGED_PREFIX + '/');
