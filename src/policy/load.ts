// validatePolicy / compilePolicy: the engine's entry points for policy text (reference §8;
// DESIGN.md "compiled once per document version … and cached").
//
// Owns: the compiled-policy cache, keyed by SHA-256 of the text and the policy kind, bounded
// LRU. Only valid documents are cached. Options that depend on the caller (Version required by
// the API, principals that must exist, size quotas) are re-checked on every call:
//   - on a cache miss, validation runs with the options, in AWS's order;
//   - on a hit the document already passed every option-free check, so the only checks that can
//     fail are the option ones, and they are run in the same relative order
//     (Version → principals → size), which keeps the first-failure-wins order exact.
// Imports node:crypto (hashing only), validate, compile.

import { createHash } from 'node:crypto';
import { compileParsed } from './compile.js';
import type { CompiledPolicy } from './compiled-policy.js';
import { PolicyValidationError } from './errors.js';
import { MSG } from './messages.js';
import type { PolicyKind } from './policy-kinds.js';
import { KIND_RULES } from './policy-kinds.js';
import { principalFormatError } from './principal-format.js';
import { policySize } from './size.js';
import type { ValidateOptions } from './validate.js';
import { validateDocument } from './validate.js';

class Lru<V> {
  private readonly map = new Map<string, V>();
  hits = 0;
  misses = 0;
  constructor(public capacity: number) {}

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.map.delete(key);
    this.map.set(key, v);
    return v;
  }

  set(key: string, v: V): void {
    this.map.set(key, v);
    while (this.map.size > this.capacity) {
      const oldest = this.map.keys().next();
      if (oldest.done) break;
      this.map.delete(oldest.value);
    }
  }

  get size(): number {
    return this.map.size;
  }

  clear(): void {
    this.map.clear();
    this.hits = 0;
    this.misses = 0;
  }
}

const cache = new Lru<CompiledPolicy>(4096);

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Validates `text` as a `kind` policy and returns its compiled form. Throws PolicyValidationError
 * (AWS's MalformedPolicyDocument text, or LimitExceeded for `sizeQuota`).
 */
export function validatePolicy(text: string, kind: PolicyKind, opts: ValidateOptions = {}): CompiledPolicy {
  const hash = sha256(text);
  const key = kind + ':' + hash;
  const hit = cache.get(key);
  if (hit) {
    checkOptions(hit, text, kind, opts);
    return hit;
  }
  const parsed = validateDocument(text, kind, opts);
  const compiled = compileParsed(parsed, text, kind, hash);
  cache.set(key, compiled);
  return compiled;
}

/** validatePolicy without caller options: what evaluation needs for a stored document. */
export function compilePolicy(text: string, kind: PolicyKind): CompiledPolicy {
  return validatePolicy(text, kind);
}

function checkOptions(p: CompiledPolicy, text: string, kind: PolicyKind, opts: ValidateOptions): void {
  if (opts.requireVersion2012 && p.version !== '2012-10-17')
    throw new PolicyValidationError(MSG.versionTooOld);
  if (KIND_RULES[kind].principal === 'required' && (opts.principalExists || opts.serviceExists)) {
    for (const s of p.statements) {
      const msg = principalFormatError(s.source.principals ?? [], opts);
      if (msg !== undefined) throw new PolicyValidationError(msg);
    }
  }
  if (opts.sizeQuota && policySize(text) > opts.sizeQuota.max)
    throw new PolicyValidationError(opts.sizeQuota.message, 'LimitExceeded');
}

export interface PolicyCacheStats {
  readonly size: number;
  readonly capacity: number;
  readonly hits: number;
  readonly misses: number;
}

export function policyCacheStats(): PolicyCacheStats {
  return { size: cache.size, capacity: cache.capacity, hits: cache.hits, misses: cache.misses };
}

/** Empties the cache; optionally changes its capacity (number of compiled documents). */
export function resetPolicyCache(capacity?: number): void {
  cache.clear();
  if (capacity !== undefined) cache.capacity = Math.max(1, capacity);
}
