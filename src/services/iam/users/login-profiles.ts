// Console passwords (reference iam-sts-policy.md §3.9): Create/Get/Update/DeleteLoginProfile. The
// password is kept only as a scrypt hash (memory-hard: N=2^15, r=8, p=1), never in clear or in logs.
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { operation } from '../../service.js';
import { onEntity } from '../common/access.js';
import { IamErrors, invalidInput } from '../common/errors.js';
import { requireUser } from '../common/lookups.js';
import type { IamDeps } from '../deps.js';
import type {
  CreateLoginProfileRequest,
  CreateLoginProfileResponse,
  DeleteLoginProfileRequest,
  GetLoginProfileRequest,
  GetLoginProfileResponse,
  UpdateLoginProfileRequest,
} from '../shapes.js';

const scrypt = promisify(scryptCb) as (
  password: string,
  salt: Buffer,
  keylen: number,
  opts: object,
) => Promise<Buffer>;
const PARAMS = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 32, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  });
  return timingSafeEqual(expected, actual);
}

/** AWS's default account password policy: 8–128 characters. */
function checkPassword(password: string): void {
  if (password.length < 8) throw invalidInput('Password should have a minimum length of 8');
}

export const createLoginProfile = (deps: IamDeps) =>
  operation<CreateLoginProfileRequest, CreateLoginProfileResponse>({
    action: 'iam:CreateLoginProfile',
    access: (input, ctx) => onEntity(deps, ctx, 'iam:CreateLoginProfile', 'user', input.UserName ?? ''),
    handler: async (input, ctx) => {
      const account = ctx.caller.accountId;
      const user = await requireUser(deps.store.read, account, input.UserName ?? '');
      if (input.Password === undefined) throw invalidInput('Password is required.');
      checkPassword(input.Password);
      const hash = await hashPassword(input.Password);
      await deps.store.transaction(async (tx) => {
        if (await tx.loginProfiles.get(account, user.name)) throw IamErrors.loginProfileExists(user.name);
        await tx.loginProfiles.put({
          account_id: account,
          user_lower: user.name_lower,
          password_hash: hash,
          reset_required: input.PasswordResetRequired ? 1 : 0,
          created_at: ctx.now,
        });
      });
      return {
        LoginProfile: {
          UserName: user.name,
          CreateDate: new Date(ctx.now),
          PasswordResetRequired: input.PasswordResetRequired === true,
        },
      };
    },
  });

export const getLoginProfile = (deps: IamDeps) =>
  operation<GetLoginProfileRequest, GetLoginProfileResponse>({
    action: 'iam:GetLoginProfile',
    access: (input, ctx) => onEntity(deps, ctx, 'iam:GetLoginProfile', 'user', input.UserName ?? ''),
    handler: async (input, ctx) => {
      const user = await requireUser(deps.store.read, ctx.caller.accountId, input.UserName ?? '');
      const row = await deps.store.read.loginProfiles.get(ctx.caller.accountId, user.name);
      if (!row) throw IamErrors.noSuchLoginProfile(user.name);
      return {
        LoginProfile: {
          UserName: user.name,
          CreateDate: new Date(row.created_at),
          PasswordResetRequired: row.reset_required === 1,
        },
      };
    },
  });

export const updateLoginProfile = (deps: IamDeps) =>
  operation<UpdateLoginProfileRequest, void>({
    action: 'iam:UpdateLoginProfile',
    access: (input, ctx) => onEntity(deps, ctx, 'iam:UpdateLoginProfile', 'user', input.UserName),
    handler: async (input, ctx) => {
      const account = ctx.caller.accountId;
      const user = await requireUser(deps.store.read, account, input.UserName);
      const row = await deps.store.read.loginProfiles.get(account, user.name);
      if (!row) throw IamErrors.noSuchLoginProfile(user.name);
      if (input.Password !== undefined) checkPassword(input.Password);
      const hash = input.Password !== undefined ? await hashPassword(input.Password) : row.password_hash;
      await deps.store.transaction((tx) =>
        tx.loginProfiles.put({
          ...row,
          password_hash: hash,
          reset_required:
            input.PasswordResetRequired === undefined
              ? row.reset_required
              : input.PasswordResetRequired
                ? 1
                : 0,
        }),
      );
    },
  });

export const deleteLoginProfile = (deps: IamDeps) =>
  operation<DeleteLoginProfileRequest, void>({
    action: 'iam:DeleteLoginProfile',
    access: (input, ctx) => onEntity(deps, ctx, 'iam:DeleteLoginProfile', 'user', input.UserName ?? ''),
    handler: async (input, ctx) => {
      const user = await requireUser(deps.store.read, ctx.caller.accountId, input.UserName ?? '');
      const gone = await deps.store.transaction((tx) =>
        tx.loginProfiles.delete(ctx.caller.accountId, user.name),
      );
      if (!gone) throw IamErrors.noSuchLoginProfile(user.name);
    },
  });
