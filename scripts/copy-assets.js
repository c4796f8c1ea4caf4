#!/usr/bin/env node
// Copies the data files the build needs beside the compiled code (tsc copies only what is imported):
// AWS's trimmed service models and the AWS managed policy catalogue.
//   node scripts/copy-assets.js [outDir]      (default: dist)
import { cpSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = resolve(root, process.argv[2] ?? 'dist');
for (const dir of ['aws/model/data', 'services/iam/data']) {
  cpSync(resolve(root, 'src', dir), resolve(out, dir), { recursive: true });
}
