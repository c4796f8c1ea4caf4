// S3's owner identity: a 64-hex-digit canonical user id per account (S3 has no DisplayName since
// 2025; AWS docs, "Finding the canonical user ID"). latchkey derives it from the account id so it is
// stable across restarts and nodes.
import { createHash } from 'node:crypto';

const cache = new Map<string, string>();

export function canonicalUserId(accountId: string): string {
  let id = cache.get(accountId);
  if (id === undefined) {
    id = createHash('sha256').update(`latchkey-s3-canonical-user:${accountId}`).digest('hex');
    cache.set(accountId, id);
  }
  return id;
}

export const ownerOf = (accountId: string): { ID: string } => ({ ID: canonicalUserId(accountId) });
