#!/usr/bin/env node
// Fails when a lower layer imports an upper one (the module table in DESIGN.md).
// Each layer lists the layers it may import; anything else under src/ is a violation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** layer -> layers it may import (itself is always allowed). */
const allowed = {
  policy: [],
  aws: ['policy'],
  store: ['aws', 'policy'],
  services: ['policy', 'aws', 'store'],
  instances: ['aws', 'store', 'policy'],
  imds: ['services', 'instances', 'aws', 'store', 'policy'],
  audit: ['store', 'aws', 'policy'],
  server: ['*'],
  cli: ['server', 'aws', 'store', 'policy', 'services', 'instances', 'imds', 'audit'],
};

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (/\.ts$/.test(name)) yield path;
  }
}

const layerOf = (file) => relative(root, file).split(sep)[0];
const problems = [];
for (const file of walk(root)) {
  const from = layerOf(file);
  const rules = allowed[from];
  if (!rules) continue;
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
    const target = resolve(dirname(file), m[1]);
    if (!target.startsWith(root + sep)) continue;
    const to = layerOf(target);
    if (to === from || rules.includes('*') || rules.includes(to)) continue;
    problems.push(`${relative(root, file)}: layer '${from}' may not import '${to}' (${m[1]})`);
  }
}
if (problems.length) {
  console.error('Dependency direction violations (see DESIGN.md, "Modules and their direction"):');
  for (const p of problems) console.error('  ' + p);
  process.exit(1);
}
console.log('check-deps: layer directions OK');
