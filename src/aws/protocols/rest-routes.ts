// Which operation a REST request names, from the model's HTTP bindings alone: the method, the
// requestUri's path template (`/{Bucket}/{Key+}`) and its literal query (`?tagging`, `?list-type=2`).
// Several operations can share a method and template (S3: PutObject, UploadPart, CopyObject and
// UploadPartCopy are all `PUT /{Bucket}/{Key+}`); they are told apart by their required query-string
// and header members, the most specific match winning — what the SDKs' own routers do on the server
// side (smithy-typescript `httpbinding` matching), with no service name in sight.

import type { OperationModel, ServiceModel } from '../model/shapes.js';
import { uriDecode } from '../sigv4/uri-encode.js';
import type { WireRequest } from './wire.js';

type Segment = { readonly literal: string } | { readonly label: string; readonly greedy: boolean };

interface Route {
  readonly operation: OperationModel;
  readonly segments: readonly Segment[];
  /** Literal query parameters; a null value means "present, any value". */
  readonly query: ReadonlyMap<string, string | null>;
  /** Wire names of the required querystring members. */
  readonly requiredQuery: readonly string[];
  /** Lower-cased wire names of the required header members. */
  readonly requiredHeaders: readonly string[];
}

export interface RouteMatch {
  readonly operation: OperationModel;
  /** Label values, percent-decoded. */
  readonly labels: ReadonlyMap<string, string>;
}

function compile(operation: OperationModel): Route {
  const uri = operation.http.requestUri;
  const q = uri.indexOf('?');
  const path = q === -1 ? uri : uri.slice(0, q);
  const segments: Segment[] = [];
  for (const part of path.split('/')) {
    if (part === '') continue;
    const m = /^\{([^}+]+)(\+?)\}$/.exec(part);
    segments.push(m ? { label: m[1]!, greedy: m[2] === '+' } : { literal: part });
  }
  const query = new Map<string, string | null>();
  if (q !== -1) {
    for (const pair of uri.slice(q + 1).split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      query.set(eq === -1 ? pair : pair.slice(0, eq), eq === -1 ? null : pair.slice(eq + 1));
    }
  }
  const requiredQuery: string[] = [];
  const requiredHeaders: string[] = [];
  const input = operation.input;
  if (input) {
    for (const name of input.required) {
      const m = input.members.get(name);
      if (m?.location === 'querystring') requiredQuery.push(m.locationName ?? name);
      if (m?.location === 'header') requiredHeaders.push((m.locationName ?? name).toLowerCase());
    }
  }
  return { operation, segments, query, requiredQuery, requiredHeaders };
}

/** The path split into raw (still encoded) segments; a trailing slash adds nothing. */
function splitPath(path: string): string[] {
  const out: string[] = [];
  let start = path.startsWith('/') ? 1 : 0;
  while (start < path.length) {
    const slash = path.indexOf('/', start);
    const end = slash === -1 ? path.length : slash;
    out.push(path.slice(start, end));
    start = end + 1;
  }
  return out;
}

function matchPath(route: Route, path: string, parts: readonly string[]): Map<string, string> | undefined {
  const labels = new Map<string, string>();
  const segs = route.segments;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    if ('literal' in seg) {
      if (parts[i] !== seg.literal) return undefined;
      continue;
    }
    if (seg.greedy) {
      // Everything after the preceding segments, slashes (and empty segments) included.
      let offset = path.startsWith('/') ? 1 : 0;
      for (let j = 0; j < i; j++) offset += parts[j]!.length + 1;
      const rest = path.slice(offset);
      if (rest === '') return undefined;
      labels.set(seg.label, uriDecode(rest));
      return labels;
    }
    const value = parts[i];
    if (value === undefined || value === '') return undefined;
    labels.set(seg.label, uriDecode(value));
  }
  // Every segment consumed; a trailing empty segment (`/bucket/`) is the same resource.
  const extra = parts.slice(segs.length);
  return extra.every((p) => p === '') && !(extra.length > 0 && path.endsWith('//')) ? labels : undefined;
}

export class RestRouter {
  readonly #byMethod = new Map<string, Route[]>();

  constructor(model: ServiceModel) {
    for (const op of model.operations.values()) {
      const method = op.http.method.toUpperCase();
      let list = this.#byMethod.get(method);
      if (!list) this.#byMethod.set(method, (list = []));
      list.push(compile(op));
    }
  }

  /** True when some operation uses this HTTP method (else the answer is "method not allowed"). */
  hasMethod(method: string): boolean {
    return this.#byMethod.has(method);
  }

  /** The best-matching operation, or undefined when none matches the method, path and literal query. */
  match(req: WireRequest): RouteMatch | undefined {
    const routes = this.#byMethod.get(req.method);
    if (!routes) return undefined;
    const parts = splitPath(req.path);
    const query = req.query;
    let best: { route: Route; labels: Map<string, string>; score: number[] } | undefined;
    for (const route of routes) {
      let literals = 0;
      let ok = true;
      for (const [name, value] of route.query) {
        const got = query.get(name);
        if (got === null || (value !== null && got !== value)) {
          ok = false;
          break;
        }
        literals++;
      }
      if (!ok) continue;
      const labels = matchPath(route, req.path, parts);
      if (!labels) continue;
      let present = 0;
      let missing = 0;
      for (const q of route.requiredQuery)
        if (query.has(q)) present++;
        else missing++;
      for (const h of route.requiredHeaders)
        if (req.headerValues[h] !== undefined) present++;
        else missing++;
      // An operation told apart only by bindings the request lacks entirely is not this request
      // (`GET /b/k` is GetObject, not ListParts without its uploadId).
      if (present === 0 && missing > 0) continue;
      // More literal query parameters, then more required bindings present, then fewer missing.
      const score = [literals, present, -missing];
      if (!best || compareScores(score, best.score) > 0) best = { route, labels, score };
    }
    return best ? { operation: best.route.operation, labels: best.labels } : undefined;
  }
}

function compareScores(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
