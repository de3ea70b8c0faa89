// Formats the Crossref works and DataCite DOIs of the shared corpus item by item with citeproc-js and with the Enrichment engine, from the same
// CSL-JSON file, with every style in ../shared/csl/styles, in two modes: a one-entry bibliography and a
// one-cite citation (in-text or note, first position). Reports entries/s for both engines, the share of
// identical text output per style and mode, and the differences grouped by kind.
//   node bench/Citations/compare.mjs [--shared ../shared] [--rounds 3] [--style apa.csl] [--examples 2]
// Needs `npm install --prefix bench/Citations` (citeproc, pinned in package.json) and the .NET SDK.
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const shared = path.resolve(arg('--shared', path.join(repo, '..', 'shared')));
const rounds = Number(arg('--rounds', '3'));
const examples = Number(arg('--examples', '2'));
const styles = process.argv.includes('--style')
  ? process.argv.flatMap((a, i) => (a === '--style' ? [process.argv[i + 1]] : []))
  : fs.readdirSync(path.join(shared, 'csl', 'styles')).filter((f) => f.endsWith('.csl')).sort();
const MODES = ['bibliography', 'citation'];
const CSL = createRequire(path.join(here, 'package.json'))('citeproc');

// The items: the shared corpus's Crossref works and DataCite DOIs, mapped to CSL-JSON by the product's own
// mappers (the bench console's `items` command), so both engines format what an enriched DOI becomes.
execFileSync('dotnet', ['build', '-c', 'Release', '-nologo', '-v', 'q', here], { stdio: ['ignore', 'ignore', 'inherit'] });
const oursDll = path.join(here, 'bin', 'Release', 'net10.0', 'Enrichment.Bench.Citations.dll');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'csl-bench-'));
const itemsFile = path.join(work, 'items.json');
execFileSync('dotnet', [oursDll, 'items', '--crossref', path.join(shared, 'corpus', 'crossref-works'),
  '--datacite', path.join(shared, 'corpus', 'datacite-dois'), '--out', itemsFile], { stdio: ['ignore', 'ignore', 'inherit'] });
const items = JSON.parse(fs.readFileSync(itemsFile, 'utf8'));
const sourceOf = (item) => item.id.split('-')[0];
const SOURCES = ['crossref', 'datacite'];
const localeFile = path.join(shared, 'csl', 'locales', 'locales-en-US.xml');
const locale = fs.readFileSync(localeFile, 'utf8');

// citeproc-js: each item alone as a one-entry bibliography, and alone in a citation.
const byId = Object.fromEntries(items.map((i) => [i.id, i]));
const sys = { retrieveLocale: () => locale, retrieveItem: (id) => byId[id] };
// One warm-up round (also the compared output), two more untimed rounds as for ours, then the best of
// the timed rounds: the fastest round is the least disturbed by other load on the machine.
const measure = (render) => {
  const entries = items.map(render);
  for (let w = 0; w < 2; w++) items.forEach(render);
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (const item of items) render(item);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return { entries, perSecond: items.length / best };
};
// Ours: the bench console, built once in Release, run per style right after citeproc-js has run that style,
// so that both engines of a style are timed under the same load (the machine is shared).
const theirs = {};
const ours = {};
for (const style of styles) {
  const engine = new CSL.Engine(sys, fs.readFileSync(path.join(shared, 'csl', 'styles', style), 'utf8'), 'en-US');
  engine.setOutputFormat('text');
  theirs[style] = {
    bibliography: measure((item) => {
      engine.updateItems([item.id]);
      const [, entries] = engine.makeBibliography();
      return entries.join('').trim();
    }),
    citation: measure((item) => {
      engine.updateItems([item.id]);
      return engine.makeCitationCluster([{ id: item.id, position: 0 }]).trim();
    }),
  };
  const outFile = path.join(work, `ours-${style}.json`);
  execFileSync('dotnet', [oursDll, 'render', '--items', itemsFile, '--locale', localeFile,
    '--style', path.join(shared, 'csl', 'styles', style), '--out', outFile, '--rounds', String(rounds)],
  { stdio: ['ignore', 'ignore', 'inherit'] });
  ours[style] = JSON.parse(fs.readFileSync(outFile, 'utf8'))[0].modes;
}

// The kind of a difference: what is left once the common head and tail are cut off.
function kind(t, o) {
  if (!o) return 'ours empty';
  if (!t) return 'citeproc-js empty';
  if (t.replace(/\s+/g, ' ') === o.replace(/\s+/g, ' ')) return 'whitespace only';
  if (t.toLowerCase() === o.toLowerCase()) return 'letter case only';
  const bare = (x) => x.replace(/[^\p{L}\p{N}]/gu, '');
  if (bare(t) === bare(o)) return 'punctuation or spacing only';
  let a = 0;
  while (a < t.length && a < o.length && t[a] === o[a]) a++;
  let z = 0;
  while (z < t.length - a && z < o.length - a && t[t.length - 1 - z] === o[o.length - 1 - z]) z++;
  const shape = (x) => x.slice(0, 24).replace(/\p{Lu}/gu, 'A').replace(/\p{Ll}+/gu, 'a').replace(/\p{N}+/gu, '0');
  const tm = t.slice(a, t.length - z); const om = o.slice(a, o.length - z);
  if (!om) return `missing "${shape(tm)}"`;
  if (!tm) return `extra "${shape(om)}"`;
  return `"${shape(tm)}" -> "${shape(om)}"`;
}

const diffs = [];
const rows = [];
const kinds = {};
const counts = Object.fromEntries(SOURCES.map((src) => [src, items.filter((i) => sourceOf(i) === src).length]));
let same = 0; let total = 0; let slowest = Infinity; let lowest = { share: Infinity };
for (const style of styles) {
  for (const mode of MODES) {
    const t = theirs[style][mode]; const o = ours[style][mode];
    const identical = Object.fromEntries(SOURCES.map((src) => [src, 0]));
    t.entries.forEach((e, i) => {
      const mine = o.entries[i].trim();
      if (e === mine) { identical[sourceOf(items[i])]++; return; }
      const k = `${style} ${mode}: ${kind(e, mine)}`;
      (kinds[k] ||= []).push(i);
      diffs.push(`## ${style} ${mode} ${items[i].id} ${items[i].DOI || ''}\n- ${e}\n+ ${mine}`);
    });
    const all = SOURCES.reduce((n, src) => n + identical[src], 0);
    same += all; total += t.entries.length;
    const ratio = o.entriesPerSecond / t.perSecond;
    slowest = Math.min(slowest, ratio);
    const share = (n, of) => `${(100 * n / of).toFixed(1).padStart(6)}%`;
    if (all / t.entries.length < lowest.share) lowest = { share: all / t.entries.length, name: `${style} ${mode}` };
    rows.push(`${style.padEnd(36)} ${mode.padEnd(12)} ${t.perSecond.toFixed(0).padStart(11)} ${String(o.entriesPerSecond).padStart(8)} ${ratio.toFixed(1).padStart(6)}x ${share(all, t.entries.length)} ${SOURCES.map((src) => share(identical[src], counts[src])).join(' ')}`);
  }
}
console.log(`${items.length} items (${SOURCES.map((src) => `${counts[src]} ${src}`).join(', ')}), best of ${rounds} timed rounds each, one item at a time, text output`);
console.log(`${'style'.padEnd(36)} ${'mode'.padEnd(12)} citeproc/s   ours/s   ratio     same ${SOURCES.map((src) => src.padStart(7)).join(' ')}`);
rows.forEach((r) => console.log(r));
console.log(`identical overall: ${same}/${total} (${(100 * same / total).toFixed(1)}%); lowest share ${(100 * lowest.share).toFixed(1)}% (${lowest.name}); lowest speed ratio ${slowest.toFixed(1)}x`);
console.log('\ndifferences by kind (count, style and mode: kind; first DOIs):');
for (const [k, list] of Object.entries(kinds).sort((x, y) => y[1].length - x[1].length)) {
  console.log(`${String(list.length).padStart(4)}  ${k}; ${list.slice(0, examples).map((i) => items[i].DOI || items[i].id).join(' ')}`);
}
fs.writeFileSync(path.join(work, 'diffs.txt'), diffs.join('\n\n'));
console.log(`items: ${itemsFile}\ndifferences: ${path.join(work, 'diffs.txt')}`);
