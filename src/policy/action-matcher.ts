// Action / NotAction matching (reference §6.3; UG reference_policies_elements_action).
//
// Owns: compiling a statement's action list and the service prefixes used to index statements.
//   - `service:Name`; prefix and name are case-insensitive (both sides are lower-cased);
//   - `*` and `?` anywhere in the name; `*` alone is every action; a `*` vendor (`*:Get*`) is
//     any service. The pattern is split at its colon, so a wildcard never crosses it;
//   - whitespace is significant: `iam: ListRoles` never matches `iam:ListRoles`;
//   - NotAction applies to every action matching none of the patterns.
// Imports glob and context.

import { RequestContext } from './context.js';
import { Glob } from './glob.js';

/** A request action split once per evaluation. */
export interface PreparedAction {
  /** Lower-cased `service:name`. */
  readonly lower: string;
  /** Lower-cased service prefix. */
  readonly service: string;
  /** Offset where the name starts in `lower` (after the colon). */
  readonly nameStart: number;
  /** False when the action has no `service:` prefix: only `*` can match it. */
  readonly qualified: boolean;
}

const prepared = new Map<string, PreparedAction>();
const MAX_PREPARED = 4096;

/** Splits an action once; remembered, since services ask about the same few hundred actions. */
export function prepareAction(action: string): PreparedAction {
  const hit = prepared.get(action);
  if (hit) return hit;
  const lower = action.toLowerCase();
  const i = lower.indexOf(':');
  const out: PreparedAction =
    i < 0
      ? { lower, service: '', nameStart: lower.length, qualified: false }
      : { lower, service: lower.slice(0, i), nameStart: i + 1, qualified: true };
  if (prepared.size >= MAX_PREPARED) prepared.clear();
  prepared.set(action, out);
  return out;
}

interface ActionPattern {
  readonly source: string;
  /** Lower-cased vendor, or undefined for `*` (any service). */
  readonly service: string | undefined;
  readonly name: Glob;
  /** A pattern with no colon: `all` for `*` (the only one validation accepts), else `none`. */
  readonly whole: 'all' | 'none' | undefined;
}

export class ActionMatcher {
  private constructor(
    private readonly patterns: readonly ActionPattern[],
    readonly negated: boolean,
    /** Lower-cased services a non-negated matcher can match; undefined = any service. */
    readonly services: ReadonlySet<string> | undefined,
  ) {}

  static compile(actions: readonly string[], negated: boolean): ActionMatcher {
    const patterns: ActionPattern[] = [];
    let services: Set<string> | undefined = new Set();
    for (const source of actions) {
      const lower = source.toLowerCase();
      const i = lower.indexOf(':');
      if (i < 0) {
        // Only `*` passes validation without a vendor; anything else would match nothing.
        const all = /^\*+$/.test(lower);
        patterns.push({ source, service: undefined, name: Glob.of('*'), whole: all ? 'all' : 'none' });
        if (all) services = undefined;
        continue;
      }
      const vendor = lower.slice(0, i);
      const name = Glob.of(lower.slice(i + 1));
      if (vendor === '*') services = undefined;
      else services?.add(vendor);
      patterns.push({ source, service: vendor === '*' ? undefined : vendor, name, whole: undefined });
    }
    return new ActionMatcher(patterns, negated, negated ? undefined : services);
  }

  /** The patterns as written. */
  get sources(): string[] {
    return this.patterns.map((p) => p.source);
  }

  /** Does the statement's action element cover this action? */
  covers(a: PreparedAction): boolean {
    let any = false;
    for (const p of this.patterns) {
      if (p.whole !== undefined) {
        if (p.whole === 'all') {
          any = true;
          break;
        }
        continue;
      }
      if (!a.qualified || (p.service !== undefined && p.service !== a.service)) continue;
      if (p.name.matches(a.lower, a.nameStart, a.lower.length, RequestContext.EMPTY)) {
        any = true;
        break;
      }
    }
    return any !== this.negated;
  }
}
