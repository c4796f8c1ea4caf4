// Checks a decoded input against the model's constraints: required members, string length, patterns,
// enums, numeric ranges and list sizes. Returns violations; each protocol words them its own way
// (query: `ValidationError` with AWS's "N validation errors detected" text; EC2: MissingParameter …).
// Member paths are written as AWS writes them: lowerCamelCase, list items as `tags.1.member.key`.

import { Readable } from 'node:stream';
import type { Shape, StructureShape } from '../model/shapes.js';
import type { ShapeObject, ShapeValue } from './protocol.js';

export interface Violation {
  /** AWS's member path, e.g. `roleName`, `tags.1.member.key`. */
  readonly path: string;
  /** The model's member name at the end of the path (EC2 names parameters by it). */
  readonly member: string;
  /** The offending value when it is a scalar and not sensitive; undefined for null, lists, structures. */
  readonly value: string | undefined;
  readonly kind: 'required' | 'length' | 'pattern' | 'enum' | 'range';
  /** AWS's constraint text, e.g. `Member must have length less than or equal to 64`. */
  readonly rule: string;
}

const lowerFirst = (s: string) => (s.length > 0 ? s[0]!.toLowerCase() + s.slice(1) : s);

export function validateInput(shape: StructureShape, input: ShapeObject): Violation[] {
  const out: Violation[] = [];
  validateStructure(shape, input, '', out);
  return out;
}

function validateStructure(
  shape: StructureShape,
  value: ShapeObject,
  prefix: string,
  out: Violation[],
): void {
  for (const [name, member] of shape.members) {
    const path = prefix + lowerFirst(name);
    const v = value[name];
    if (v === undefined) {
      if (shape.required.includes(name)) {
        out.push({ path, member: name, value: undefined, kind: 'required', rule: 'Member must not be null' });
      }
      continue;
    }
    validateValue(member.shape, v, path, name, out);
  }
}

function validateValue(shape: Shape, v: ShapeValue, path: string, member: string, out: Violation[]): void {
  switch (shape.type) {
    case 'structure':
      if (
        typeof v === 'object' &&
        v !== null &&
        !Array.isArray(v) &&
        !(v instanceof Date) &&
        !Buffer.isBuffer(v) &&
        !(v instanceof Readable)
      ) {
        validateStructure(shape, v, path + '.', out);
      }
      return;
    case 'list': {
      if (!Array.isArray(v)) return;
      if (shape.max !== undefined && v.length > shape.max) {
        out.push({
          path,
          member,
          value: undefined,
          kind: 'length',
          rule: `Member must have length less than or equal to ${shape.max}`,
        });
      } else if (shape.min !== undefined && v.length < shape.min) {
        out.push({
          path,
          member,
          value: undefined,
          kind: 'length',
          rule: `Member must have length greater than or equal to ${shape.min}`,
        });
      }
      v.forEach((item, i) => validateValue(shape.member.shape, item, `${path}.${i + 1}.member`, member, out));
      return;
    }
    case 'map':
      return;
    case 'string': {
      if (typeof v !== 'string') return;
      const shown = shape.sensitive ? undefined : v;
      // Length counts UTF-16 code units in AWS's Java services; the same as JS string length.
      if (shape.max !== undefined && v.length > shape.max) {
        out.push({
          path,
          member,
          value: shown,
          kind: 'length',
          rule: `Member must have length less than or equal to ${shape.max}`,
        });
      } else if (shape.min !== undefined && v.length < shape.min) {
        out.push({
          path,
          member,
          value: shown,
          kind: 'length',
          rule: `Member must have length greater than or equal to ${shape.min}`,
        });
      }
      if (shape.pattern?.regex && !shape.pattern.regex.test(v)) {
        out.push({
          path,
          member,
          value: shown,
          kind: 'pattern',
          rule: `Member must satisfy regular expression pattern: ${shape.pattern.source}`,
        });
      }
      if (shape.enum && !shape.enum.includes(v)) {
        out.push({
          path,
          member,
          value: shown,
          kind: 'enum',
          rule: `Member must satisfy enum value set: [${shape.enum.join(', ')}]`,
        });
      }
      return;
    }
    case 'integer':
    case 'long':
    case 'double':
    case 'float': {
      if (typeof v !== 'number') return;
      if (shape.max !== undefined && v > shape.max) {
        out.push({
          path,
          member,
          value: String(v),
          kind: 'range',
          rule: `Member must have value less than or equal to ${shape.max}`,
        });
      } else if (shape.min !== undefined && v < shape.min) {
        out.push({
          path,
          member,
          value: String(v),
          kind: 'range',
          rule: `Member must have value greater than or equal to ${shape.min}`,
        });
      }
      return;
    }
    default:
      return;
  }
}

/**
 * AWS's wording for query services (reference iam-sts-policy.md §3.1):
 * `1 validation error detected: Value 'x' at 'roleName' failed to satisfy constraint: Member must …`.
 */
export function describeViolations(violations: readonly Violation[]): string {
  const n = violations.length;
  const parts = violations.map((v) => {
    const value =
      v.kind === 'required' ? 'Value null' : v.value === undefined ? 'Value' : `Value '${v.value}'`;
    return `${value} at '${v.path}' failed to satisfy constraint: ${v.rule}`;
  });
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${parts.join('; ')}`;
}
