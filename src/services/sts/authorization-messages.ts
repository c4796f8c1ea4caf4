// The encoded authorization failure messages (reference iam-sts-policy.md §4.6): the engine's
// explanation of a denial, sealed under the session keyring so only this installation can read it —
// EC2's UnauthorizedOperation carries one; sts:DecodeAuthorizationMessage opens it.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { AuthorizationMessages } from '../iam/authz/authorizer.js';
import type { SessionKeyring } from './keyring.js';

const AAD = 'authorization-message';

export class SealedAuthorizationMessages implements AuthorizationMessages {
  constructor(private readonly keyring: SessionKeyring) {}

  encode(document: Record<string, unknown>): string {
    return this.keyring.seal(deflateRawSync(Buffer.from(JSON.stringify(document), 'utf8')), AAD);
  }

  /** The JSON text of a message, or undefined when it is malformed, altered or from elsewhere. */
  async decode(message: string): Promise<string | undefined> {
    const opened = await this.keyring.open(message.trim(), AAD);
    if (!opened) return undefined;
    try {
      return inflateRawSync(opened).toString('utf8');
    } catch {
      return undefined;
    }
  }
}
