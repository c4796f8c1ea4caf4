import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeConformance } from './conformance.js';
import { openStore } from './store.js';

storeConformance('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-store-'));
  return {
    open: () => openStore({ kind: 'sqlite', path: join(dir, 'latchkey.db') }),
    destroy: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
