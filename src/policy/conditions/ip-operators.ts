// IpAddress / NotIpAddress (reference §6.6 IpAddress row).
//
// Owns: CIDR membership for aws:SourceIp and friends. A policy may mix IPv4 and IPv6 ranges in
// one list; a bare address is a /32 (/128). No policy variables. An unreadable range or request
// address is an ERROR. Imports the operator interface and ip-parse.

import type { ContextEntry, RequestContext } from '../context.js';
import { valueParser } from '../context.js';
import type { Cidr } from '../ip-parse.js';
import { cidrContains, parseCidr, parseIp } from '../ip-parse.js';
import type { ConditionOperator, Tri } from './operator.js';
import { ERROR, FALSE, negation, TRUE } from './operator.js';

const REQUEST_IP = valueParser(parseIp);

export const IpAddress: ConditionOperator<Cidr> = {
  name: 'IpAddress',
  negated: false,
  variables: false,
  compile: (value) => parseCidr(value.trim()),
  test(entry: ContextEntry, i: number, value: Cidr, _ctx: RequestContext): Tri {
    const ip = entry.parsedAs(REQUEST_IP)[i];
    if (ip === undefined) return ERROR;
    return cidrContains(value, ip) ? TRUE : FALSE;
  },
};

export const NotIpAddress = negation(IpAddress, 'NotIpAddress');

export const IP_OPERATORS: readonly ConditionOperator[] = [
  IpAddress,
  NotIpAddress,
] as readonly ConditionOperator[];
