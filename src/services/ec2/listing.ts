// EC2's list conventions (reference imds-ec2.md §C.3): `Filter.N.Name` / `Filter.N.Value.M` with values
// ORed and filters ANDed, case-sensitive, `*` and `?` wildcards; MaxResults within an operation's range;
// an opaque NextToken present only when more items remain.
import { Ec2Errors } from './errors.js';
import type { Filter } from './shapes.js';

/** A filter the operation knows: how to read the values an item has for it. */
export type FilterField<T> = (item: T, name: string) => readonly (string | undefined)[] | string | undefined;

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    // EC2 lets `\` escape a literal `*` or `?`.
    if (c === '\\' && (glob[i + 1] === '*' || glob[i + 1] === '?' || glob[i + 1] === '\\'))
      re += '\\' + glob[++i]!;
    else if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's');
}

interface CompiledFilter<T> {
  readonly field: FilterField<T>;
  readonly name: string;
  readonly match: (v: string) => boolean;
}

/**
 * Compiles the request's filters against the operation's fields (a name ending in `:` is a prefix,
 * like `tag:`). Unknown filter names are InvalidParameterValue.
 */
export function compileFilters<T>(
  filters: readonly Filter[] | undefined,
  fields: Readonly<Record<string, FilterField<T>>>,
): (item: T) => boolean {
  const compiled: CompiledFilter<T>[] = [];
  for (const f of filters ?? []) {
    const name = f.Name ?? '';
    const field = fields[name] ?? (name.startsWith('tag:') ? fields['tag:'] : undefined);
    if (!field) throw Ec2Errors.invalidFilter(name);
    const patterns = (f.Values ?? []).map((v) => (/[*?]/.test(v) ? globToRegExp(v) : v));
    compiled.push({
      field,
      name,
      match: (v) => patterns.some((p) => (typeof p === 'string' ? p === v : p.test(v))),
    });
  }
  return (item) =>
    compiled.every((c) => {
      const raw = c.field(item, c.name);
      const values = raw === undefined ? [] : typeof raw === 'string' ? [raw] : raw;
      return values.some((v) => v !== undefined && c.match(v));
    });
}

/** Checks MaxResults against the operation's range. */
export function checkMaxResults(value: number | undefined, min: number, max: number): void {
  if (value !== undefined && (value < min || value > max)) throw Ec2Errors.maxResults(value, min, max);
}

const TOKEN_PREFIX = 'lk1:';

export const encodeNextToken = (position: number): string =>
  Buffer.from(`${TOKEN_PREFIX}${position}`, 'utf8').toString('base64url');

/** The position a NextToken resumes at. */
export function decodeNextToken(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const n = Number(text.slice(TOKEN_PREFIX.length));
  if (!text.startsWith(TOKEN_PREFIX) || !Number.isInteger(n) || n < 0 || encodeNextToken(n) !== token) {
    throw Ec2Errors.invalidNextToken();
  }
  return n;
}

/** One page of `items` from a NextToken. */
export function pageOf<T>(
  items: readonly T[],
  token: string | undefined,
  maxResults: number | undefined,
  defaultMax: number,
): { items: T[]; nextToken: string | undefined } {
  const from = decodeNextToken(token);
  const limit = maxResults ?? defaultMax;
  const page = items.slice(from, from + limit);
  return { items: page, nextToken: from + limit < items.length ? encodeNextToken(from + limit) : undefined };
}
