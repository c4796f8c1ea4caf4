// The edge: turns a node:http request into a WireRequest (reading an RPC body up to a limit) and
// picks the AWS service — from the SigV4 credential scope when the request is signed, otherwise from
// the Action/Version parameters (DESIGN.md: one listener serves every service).

import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { AwsError, CommonErrors } from '../aws/errors.js';
import type { WireRequest } from '../aws/protocols/wire.js';
import type { ParseResult } from '../aws/sigv4/parse.js';
import type { ServiceDefinition } from '../services/service.js';

/** Reads the whole body, refusing more than `limit` bytes (without reading the rest). */
export function readBody(req: Readable, limit: number, declaredLength: string | undefined): Promise<Buffer> {
  if (declaredLength !== undefined && Number(declaredLength) > limit)
    return Promise.reject(CommonErrors.requestEntityTooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.pause();
        reject(CommonErrors.requestEntityTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

/** Header names lower-cased, every value kept in arrival order (node's rawHeaders). */
export function headerValues(req: IncomingMessage): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    (out[name] ??= []).push(raw[i + 1]!);
  }
  return out;
}

export interface Route {
  readonly service: ServiceDefinition;
  readonly signature: ParseResult;
}

/** Maps each query-protocol API version to its service, for unsigned requests. */
export class ServiceRouter {
  readonly #byName = new Map<string, ServiceDefinition>();
  readonly #byVersion = new Map<string, ServiceDefinition>();

  constructor(services: readonly ServiceDefinition[]) {
    for (const s of services) {
      this.#byName.set(s.name, s);
      if (s.model.metadata.protocol === 'query' || s.model.metadata.protocol === 'ec2') {
        this.#byVersion.set(s.model.metadata.apiVersion, s);
      }
    }
  }

  get services(): Iterable<ServiceDefinition> {
    return this.#byName.values();
  }

  byName(name: string): ServiceDefinition | undefined {
    return this.#byName.get(name);
  }

  /** The service a request is for. Throws AwsError when it names none that latchkey serves. */
  route(wire: WireRequest, signature: ParseResult): Route {
    if (signature.ok) {
      const service = this.#byName.get(signature.claims.service);
      if (!service) throw unknownService(signature.claims.service, [...this.#byName.keys()]);
      return { service, signature };
    }
    // Unsigned, or a signature too malformed to read its scope: fall back to Action/Version.
    const version = wire.params.get('Version');
    const byVersion = version !== undefined ? this.#byVersion.get(version) : undefined;
    if (byVersion) return { service: byVersion, signature };
    const action = wire.params.get('Action');
    if (action !== undefined) {
      const owners = [...this.#byVersion.values()].filter((s) => s.model.operations.has(action));
      if (owners.length === 1) return { service: owners[0]!, signature };
    }
    const s3 = this.#byName.get('s3');
    if (s3 && action === undefined) return { service: s3, signature };
    if (signature.kind === 'missing') {
      throw new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
    }
    throw new AwsError('IncompleteSignature', signature.message, 400);
  }
}

function unknownService(name: string, served: string[]): AwsError {
  return new AwsError(
    'InvalidAction',
    `The credential scope names the service '${name}', which latchkey does not serve. Served services: ${served.join(', ')}.`,
    400,
  );
}
