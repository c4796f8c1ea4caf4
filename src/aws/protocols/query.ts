// awsQuery (IAM, STS): form-encoded `Action=…&Version=…` requests, XML responses in the service's
// namespace wrapped in `<OpResponse><OpResult>`, errors as `<ErrorResponse><Error>` with `<RequestId>`.
// Reference: iam-sts-policy.md §1. ec2Query (./ec2.ts) extends this class and overrides the differences.

import { type AwsError, CommonErrors } from '../errors.js';
import type { ListShape, Member, OperationModel, ServiceModel } from '../model/shapes.js';
import type { Protocol, ResponseContext, ShapeObject } from './protocol.js';
import { QueryParamReader, type QueryNaming } from './query-params.js';
import type { TimestampStyle } from './timestamps.js';
import { describeViolations, type Violation } from './validate.js';
import type { WireRequest, WireResponse } from './wire.js';
import { XmlShapeWriter } from './xml-shape-writer.js';
import { escapeXml } from './xml.js';

export interface QueryProtocolOptions {
  readonly xmlNamespace: string;
  /** The API version the service answers; a request naming another gets InvalidAction. Undefined: any. */
  readonly apiVersion?: string;
  readonly stringEncoders?: ReadonlyMap<string, (value: string) => string>;
}

export class AwsQueryProtocol implements Protocol {
  readonly name: string = 'query';
  protected readonly writer: XmlShapeWriter;
  protected readonly naming: QueryNaming;

  constructor(protected readonly opts: QueryProtocolOptions) {
    this.writer = new XmlShapeWriter({
      timestamps: this.timestampStyle(),
      ...(opts.stringEncoders ? { stringEncoders: opts.stringEncoders } : {}),
    });
    this.naming = this.makeNaming();
  }

  protected timestampStyle(): TimestampStyle {
    return 'iso8601';
  }

  protected makeNaming(): QueryNaming {
    return {
      memberName: (m: Member) => m.locationName ?? m.name,
      listItemPrefix: (prefix: string, list: ListShape) =>
        list.flattened ? prefix : `${prefix}.${list.member.locationName ?? 'member'}`,
      malformed: (param, value) =>
        CommonErrors.validationError(
          describeViolations([
            {
              path: lowerFirst(param),
              member: param,
              value,
              kind: 'pattern',
              rule: 'Member must be of the declared type',
            },
          ]),
        ),
    };
  }

  resolveOperation(model: ServiceModel, req: WireRequest): OperationModel {
    const action = req.params.get('Action');
    if (action === undefined || action === '') throw CommonErrors.missingAction();
    const version = req.params.get('Version');
    const op = model.operations.get(action);
    if (
      !op ||
      (this.opts.apiVersion !== undefined && version !== undefined && version !== this.opts.apiVersion)
    ) {
      throw CommonErrors.invalidAction(action, version);
    }
    return op;
  }

  decode(operation: OperationModel, req: WireRequest): ShapeObject {
    if (!operation.input) return {};
    return new QueryParamReader(req.params, this.naming).readStructure(operation.input, '');
  }

  validationError(violations: readonly Violation[]): AwsError {
    return CommonErrors.validationError(describeViolations(violations));
  }

  encode(operation: OperationModel, output: ShapeObject | undefined, ctx: ResponseContext): WireResponse {
    const ns = escapeXml(this.opts.xmlNamespace);
    let inner = '';
    if (operation.resultWrapper) {
      const members = operation.output && output ? this.writer.members(operation.output, output) : '';
      inner = `<${operation.resultWrapper}>${members}</${operation.resultWrapper}>`;
    }
    const body =
      `<${operation.name}Response xmlns="${ns}">${inner}` +
      `<ResponseMetadata><RequestId>${ctx.requestId}</RequestId></ResponseMetadata></${operation.name}Response>`;
    return { status: 200, headers: this.headers(ctx), body };
  }

  encodeError(error: AwsError, ctx: ResponseContext): WireResponse {
    const type = error.fault === 'server' ? 'Receiver' : 'Sender';
    const body =
      `<ErrorResponse xmlns="${escapeXml(this.opts.xmlNamespace)}"><Error><Type>${type}</Type>` +
      `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
      `<RequestId>${ctx.requestId}</RequestId></ErrorResponse>`;
    return { status: error.status, headers: { ...this.headers(ctx), ...error.headers }, body };
  }

  protected headers(ctx: ResponseContext): Record<string, string> {
    return { 'content-type': 'text/xml', 'x-amzn-requestid': ctx.requestId };
  }
}

const lowerFirst = (s: string) => (s.length > 0 ? s[0]!.toLowerCase() + s.slice(1) : s);
