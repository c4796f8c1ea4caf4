// `npm run bench`: every benchmark module, each compared with a baseline measured in the same run.
// Prints a Markdown table; `npm run bench -- --write` also records it in docs/benchmarks.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { BenchRow } from './harness.js';

const suites: { name: string; load: () => Promise<{ run: () => Promise<BenchRow[]> }> }[] = [
  { name: 'pipeline', load: () => import('./pipeline.js') },
  { name: 'policy', load: () => import('./policy.js') },
  { name: 'iam', load: () => import('./iam.js') },
];

const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const write = process.argv.includes('--write');

let table = `| suite | measurement | value | unit | note |\n|---|---|---:|---|---|\n`;
for (const s of suites) {
  if (only.length > 0 && !only.includes(s.name)) continue;
  process.stderr.write(`bench: ${s.name}…\n`);
  const rows = await (await s.load()).run();
  for (const r of rows) {
    const line = `| ${s.name} | ${r.name} | ${r.value.toLocaleString('en-US')} | ${r.unit} | ${r.note ?? ''} |\n`;
    table += line;
    process.stderr.write(line);
  }
}
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const header = `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpu}, Node ${process.version}.\n\n`;
process.stdout.write('\n' + header + table);

if (write) {
  const file = new URL('../docs/benchmarks.md', import.meta.url);
  const doc = readFileSync(file, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  if (i === -1 || j === -1) throw new Error('docs/benchmarks.md lacks the bench markers');
  writeFileSync(file, doc.slice(0, i + start.length) + '\n' + header + table + doc.slice(j));
  process.stderr.write('bench: docs/benchmarks.md updated\n');
}
