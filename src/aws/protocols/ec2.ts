// ec2Query: awsQuery with EC2's settings and overrides (reference imds-ec2.md §C.1):
// - parameter names are `queryName`, else the capitalised `locationName`, else the member name;
//   lists are always `Name.N` (never `.member.`);
// - responses have no Result wrapper, a lower-case `<requestId>` first, the namespace with a trailing
//   slash, millisecond timestamps;
// - errors are `<Response><Errors><Error>…</Error></Errors><RequestID>` (capital ID);
// - missing required parameters are `MissingParameter`, bad values `InvalidParameterValue`.

import { type AwsError, CommonErrors } from '../errors.js';
import type { Member, OperationModel } from '../model/shapes.js';
import type { ResponseContext, ShapeObject } from './protocol.js';
import { AwsQueryProtocol } from './query.js';
import type { QueryNaming } from './query-params.js';
import type { TimestampStyle } from './timestamps.js';
import type { Violation } from './validate.js';
import type { WireResponse } from './wire.js';
import { XML_DECLARATION, escapeXml } from './xml.js';

const upperFirst = (s: string) => (s.length > 0 ? s[0]!.toUpperCase() + s.slice(1) : s);

export class Ec2QueryProtocol extends AwsQueryProtocol {
  override readonly name = 'ec2';

  protected override timestampStyle(): TimestampStyle {
    return 'iso8601-ms';
  }

  protected override makeNaming(): QueryNaming {
    return {
      memberName: (m: Member) => m.queryName ?? (m.locationName ? upperFirst(m.locationName) : m.name),
      listItemPrefix: (prefix) => prefix,
      malformed: (param, value, expected) =>
        CommonErrors.invalidParameterValue(`Invalid value '${value}' for ${param}. Expected ${expected}.`),
    };
  }

  override validationError(violations: readonly Violation[]): AwsError {
    const first = violations[0];
    if (!first) return CommonErrors.invalidParameterValue('Invalid request');
    if (first.kind === 'required') return CommonErrors.missingParameter(first.member);
    // EC2 names the bad value and parameter without listing every allowed one (e.g. InstanceType).
    if (first.kind === 'enum')
      return CommonErrors.invalidParameterValue(`Invalid value '${first.value ?? ''}' for ${first.member}.`);
    return CommonErrors.invalidParameterValue(
      `Value (${first.value ?? ''}) for parameter ${first.member} is invalid. ${first.rule.replace(/^Member/, 'Value')}`,
    );
  }

  override encode(
    operation: OperationModel,
    output: ShapeObject | undefined,
    ctx: ResponseContext,
  ): WireResponse {
    const members = operation.output && output ? this.writer.members(operation.output, output) : '';
    const ns = escapeXml(this.opts.xmlNamespace);
    const body =
      `${XML_DECLARATION}<${operation.name}Response xmlns="${ns}"><requestId>${ctx.requestId}</requestId>` +
      `${members}</${operation.name}Response>`;
    return { status: 200, headers: this.headers(ctx), body };
  }

  override encodeError(error: AwsError, ctx: ResponseContext): WireResponse {
    const body =
      `${XML_DECLARATION}<Response><Errors><Error><Code>${escapeXml(error.code)}</Code>` +
      `<Message>${escapeXml(error.message)}</Message></Error></Errors><RequestID>${ctx.requestId}</RequestID></Response>`;
    return { status: error.status, headers: { ...this.headers(ctx), ...error.headers }, body };
  }

  protected override headers(ctx: ResponseContext): Record<string, string> {
    return { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': ctx.requestId };
  }
}
