// Loads a committed, trimmed botocore model (./data/<service>.json, written by scripts/trim-models.js)
// and links it into the shapes of ./shapes.ts. Runs once per service at start-up.
import { readFileSync } from 'node:fs';
import type {
  ListShape,
  MapShape,
  Member,
  OperationModel,
  ScalarShape,
  ServiceModel,
  Shape,
  StructureShape,
} from './shapes.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- raw JSON from the model file */

/**
 * Botocore patterns are Java regular expressions. Most compile as JS with the `u` flag; the few that
 * don't are kept as text (the validator then skips them, which is logged once by the caller).
 */
function compilePattern(source: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${source})$`, 'u');
  } catch {
    try {
      return new RegExp(`^(?:${source})$`);
    } catch {
      return undefined;
    }
  }
}

function linkMember(name: string, raw: any, shapes: Map<string, Shape>): Member {
  const shape = shapes.get(raw.shape);
  if (!shape) throw new Error(`model: member ${name} refers to unknown shape ${raw.shape}`);
  const m: Record<string, unknown> = {
    name,
    shape,
    flattened: raw.flattened === true,
    xmlAttribute: raw.xmlAttribute === true,
    idempotencyToken: raw.idempotencyToken === true,
    streaming: raw.streaming === true,
  };
  if (raw.locationName !== undefined) m.locationName = raw.locationName;
  if (raw.queryName !== undefined) m.queryName = raw.queryName;
  if (raw.location !== undefined) m.location = raw.location;
  if (raw.xmlNamespace !== undefined) m.xmlNamespace = raw.xmlNamespace;
  if (raw.timestampFormat !== undefined) m.timestampFormat = raw.timestampFormat;
  return m as unknown as Member;
}

export function buildModel(raw: any): ServiceModel {
  const shapes = new Map<string, Shape>();
  // Pass 1: create every shape without links (shapes may refer to each other recursively).
  for (const [name, s] of Object.entries<any>(raw.shapes)) {
    const base: Record<string, unknown> = { name, type: s.type, sensitive: s.sensitive === true };
    if (s.locationName !== undefined) base.locationName = s.locationName;
    if (s.xmlNamespace !== undefined) base.xmlNamespace = s.xmlNamespace;
    if (s.min !== undefined) base.min = s.min;
    if (s.max !== undefined) base.max = s.max;
    switch (s.type) {
      case 'structure':
        Object.assign(base, {
          members: new Map(),
          required: s.required ?? [],
          exception: s.exception === true,
        });
        if (s.payload !== undefined) base.payload = s.payload;
        if (s.error !== undefined) base.error = s.error;
        break;
      case 'list':
      case 'map':
        base.flattened = s.flattened === true;
        break;
      default:
        base.streaming = s.streaming === true;
        if (s.pattern !== undefined) base.pattern = { source: s.pattern, regex: compilePattern(s.pattern) };
        if (s.enum !== undefined) base.enum = s.enum;
        if (s.timestampFormat !== undefined) base.timestampFormat = s.timestampFormat;
    }
    shapes.set(name, base as unknown as Shape);
  }
  // Pass 2: link members.
  for (const [name, s] of Object.entries<any>(raw.shapes)) {
    const shape = shapes.get(name) as any;
    if (s.type === 'structure') {
      for (const [mName, m] of Object.entries<any>(s.members ?? {}))
        shape.members.set(mName, linkMember(mName, m, shapes));
    } else if (s.type === 'list') {
      shape.member = linkMember('member', s.member, shapes);
    } else if (s.type === 'map') {
      shape.key = linkMember('key', s.key, shapes);
      shape.value = linkMember('value', s.value, shapes);
    }
  }
  const structure = (ref: any): StructureShape | undefined => {
    if (!ref) return undefined;
    const s = shapes.get(ref.shape);
    if (!s || s.type !== 'structure') throw new Error(`model: ${ref.shape} is not a structure`);
    return s;
  };
  const operations = new Map<string, OperationModel>();
  for (const [name, o] of Object.entries<any>(raw.operations)) {
    const op: Record<string, unknown> = {
      name,
      http: o.http,
      errors: (o.errors ?? []).map((e: any) => structure(e)),
    };
    const input = structure(o.input);
    const output = structure(o.output);
    if (input) op.input = input;
    if (output) op.output = output;
    if (o.output?.resultWrapper) op.resultWrapper = o.output.resultWrapper;
    operations.set(name, op as unknown as OperationModel);
  }
  return { metadata: raw.metadata, operations, shapes };
}

const cache = new Map<string, ServiceModel>();

/** The committed model of one service (`sts`, `iam`, `ec2`, `s3`, …), built once per process. */
export function loadModel(service: string): ServiceModel {
  let model = cache.get(service);
  if (!model) {
    const file = new URL(`./data/${service}.json`, import.meta.url);
    model = buildModel(JSON.parse(readFileSync(file, 'utf8')));
    cache.set(service, model);
  }
  return model;
}

export type { ListShape, MapShape, ScalarShape };
