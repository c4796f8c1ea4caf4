// iam:ListRoles — PathPrefix, Marker, MaxItems; no tags, boundary or RoleLastUsed (reference §3.2).
import { operation } from '../../service.js';
import { onAccount } from '../common/access.js';
import { decodeMarker, DEFAULT_MAX_ITEMS, page } from '../common/pagination.js';
import { renderRole } from '../common/render.js';
import { effectiveTrustPolicy } from '../common/trust.js';
import type { IamDeps } from '../deps.js';
import type { ListRolesRequest, ListRolesResponse } from '../shapes.js';

export const listRoles = (deps: IamDeps) =>
  operation<ListRolesRequest, ListRolesResponse>({
    action: 'iam:ListRoles',
    access: () => onAccount('iam:ListRoles'),
    handler: async (input, ctx) => {
      const r = deps.store.read;
      const after = decodeMarker(input.Marker);
      const result = await r.roles.list(ctx.caller.accountId, {
        ...(input.PathPrefix !== undefined ? { pathPrefix: input.PathPrefix } : {}),
        ...(after !== undefined ? { after } : {}),
        limit: input.MaxItems ?? DEFAULT_MAX_ITEMS,
      });
      const roles = [];
      for (const row of result.items) roles.push(renderRole(row, 'list', await effectiveTrustPolicy(r, row)));
      const { IsTruncated, Marker } = page(roles, result.next);
      return { Roles: roles, IsTruncated, ...(Marker !== undefined ? { Marker } : {}) };
    },
  });
