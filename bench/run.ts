// `npm run bench`: every benchmark module, each compared with a baseline measured in the same run.
// Prints a Markdown table; `npm run bench -- --write` also records it in docs/benchmarks.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { BenchRow } from './harness.js';

const suites: { name: string; load: () => Promise<{ run: () => Promise<BenchRow[]> }> }[] = [
  { name: 'pipeline', load: () => import('./pipeline.js') },
  { name: 'policy', load: () => import('./policy.js') },
  { name: 'iam', load: () => import('./iam.js') },
  { name: 'imds', load: () => import('./imds.js') },
  { name: 's3', load: () => import('./s3.js') },
];

const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const write = process.argv.includes('--write');

const TABLE_HEAD = `| suite | measurement | value | unit | note |\n|---|---|---:|---|---|\n`;
/** Rows per suite, as Markdown lines. */
const measured = new Map<string, string[]>();
for (const s of suites) {
  if (only.length > 0 && !only.includes(s.name)) continue;
  process.stderr.write(`bench: ${s.name}…\n`);
  const rows = await (await s.load()).run();
  const lines = rows.map(
    (r) => `| ${s.name} | ${r.name} | ${r.value.toLocaleString('en-US')} | ${r.unit} | ${r.note ?? ''} |\n`,
  );
  for (const line of lines) process.stderr.write(line);
  measured.set(s.name, lines);
}
const table = TABLE_HEAD + [...measured.values()].flat().join('');
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
  // Suites not run this time keep their recorded rows (a line says when each suite was measured).
  const kept = new Map<string, string[]>();
  for (const line of doc.slice(i, j).split('\n')) {
    const m = /^\| (\w+) \|/.exec(line);
    if (m && m[1] !== 'suite' && !measured.has(m[1]!))
      kept.set(m[1]!, [...(kept.get(m[1]!) ?? []), line + '\n']);
  }
  const merged = suites.flatMap((s) => measured.get(s.name) ?? kept.get(s.name) ?? []);
  const when = `Last run ${new Date().toISOString().slice(0, 10)} (${[...measured.keys()].join(', ')}) on ${cpus().length} × ${cpu}, Node ${process.version}.\n\n`;
  writeFileSync(
    file,
    doc.slice(0, i + start.length) + '\n' + when + TABLE_HEAD + merged.join('') + doc.slice(j),
  );
  process.stderr.write('bench: docs/benchmarks.md updated\n');
}
