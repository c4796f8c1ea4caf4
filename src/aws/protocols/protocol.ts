// The Protocol interface (STYLE.md §5): a codec turns a WireRequest into an operation's input and an
// output or AwsError into a WireResponse, walking the model's shapes. No codec knows a service's name.

import type { Readable } from 'node:stream';
import type { AwsError } from '../errors.js';
import type { OperationModel, ServiceModel } from '../model/shapes.js';
import type { Violation } from './validate.js';
import type { WireRequest, WireResponse } from './wire.js';

/** A decoded input or output value: structures are plain objects keyed by the model's member names. */
export type ShapeValue =
  | string
  | number
  | boolean
  | Date
  | Buffer
  | Readable
  | ShapeValue[]
  | { [member: string]: ShapeValue | undefined }
  | undefined;
export type ShapeObject = { [member: string]: ShapeValue | undefined };

export interface ResponseContext {
  readonly requestId: string;
}

export interface Protocol {
  readonly name: string;
  /** Which operation the request names; throws AwsError (InvalidAction, MissingAction, …). */
  resolveOperation(model: ServiceModel, req: WireRequest): OperationModel;
  /** The operation's input, decoded from the request by its shape. Throws AwsError for malformed values. */
  decode(operation: OperationModel, req: WireRequest): ShapeObject;
  /** The error this protocol answers for failed model constraints (required, length, pattern, enum, range). */
  validationError(violations: readonly Violation[]): AwsError;
  encode(operation: OperationModel, output: ShapeObject | undefined, ctx: ResponseContext): WireResponse;
  encodeError(error: AwsError, ctx: ResponseContext): WireResponse;
}
