// A normalised view of a botocore service model (the committed data in ./data): shapes resolved into
// linked objects once, at start-up, so codecs walk plain objects instead of looking names up per request.
// Only the traits latchkey's protocols use are kept.

export type ScalarType =
  'string' | 'integer' | 'long' | 'boolean' | 'timestamp' | 'blob' | 'double' | 'float';

interface ShapeBase {
  readonly name: string;
  readonly sensitive: boolean;
  /** XML element name of a list's members, or of the shape itself (rest-xml payloads). */
  readonly locationName?: string;
  readonly xmlNamespace?: { uri: string; prefix?: string };
}

export interface ScalarShape extends ShapeBase {
  readonly type: ScalarType;
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: { source: string; regex: RegExp | undefined };
  readonly enum?: readonly string[];
  readonly timestampFormat?: 'iso8601' | 'rfc822' | 'unixTimestamp';
  readonly streaming: boolean;
}

export interface Member {
  readonly name: string;
  readonly shape: Shape;
  readonly locationName?: string;
  readonly queryName?: string;
  readonly flattened: boolean;
  readonly location?: 'header' | 'headers' | 'uri' | 'querystring' | 'statusCode';
  readonly xmlAttribute: boolean;
  readonly xmlNamespace?: { uri: string; prefix?: string };
  readonly idempotencyToken: boolean;
  readonly streaming: boolean;
  readonly timestampFormat?: 'iso8601' | 'rfc822' | 'unixTimestamp';
}

export interface StructureShape extends ShapeBase {
  readonly type: 'structure';
  readonly members: ReadonlyMap<string, Member>;
  readonly required: readonly string[];
  readonly payload?: string;
  readonly error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
  readonly exception: boolean;
}

export interface ListShape extends ShapeBase {
  readonly type: 'list';
  readonly member: Member;
  readonly flattened: boolean;
  readonly min?: number;
  readonly max?: number;
}

export interface MapShape extends ShapeBase {
  readonly type: 'map';
  readonly key: Member;
  readonly value: Member;
  readonly flattened: boolean;
  readonly min?: number;
  readonly max?: number;
}

export type Shape = ScalarShape | StructureShape | ListShape | MapShape;

export interface OperationModel {
  readonly name: string;
  readonly http: { method: string; requestUri: string; responseCode?: number };
  readonly input?: StructureShape;
  readonly output?: StructureShape;
  /** Query protocol: the element wrapping the output members (`<OpResult>`). */
  readonly resultWrapper?: string;
  readonly errors: readonly StructureShape[];
}

export interface ServiceModel {
  readonly metadata: {
    readonly apiVersion: string;
    readonly endpointPrefix: string;
    readonly protocol: string;
    readonly signingName?: string;
    readonly xmlNamespace?: string;
    readonly serviceId: string;
  };
  readonly operations: ReadonlyMap<string, OperationModel>;
  readonly shapes: ReadonlyMap<string, Shape>;
}
