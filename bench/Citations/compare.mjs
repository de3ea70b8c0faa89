// Formats the Crossref works and DataCite DOIs of the shared corpus item by item with citeproc-js and with the Enrichment engine, from the same
// CSL-JSON file, with every style in ../shared/csl/styles, in two modes: a one-entry bibliography and a
// one-cite citation (in-text or note, first position). Reports entries/s for both engines, the share of
// identical text output per style and mode, and the differences grouped by kind.
//   node bench/Citations/compare.mjs [--shared ../shared] [--rounds 5] [--round-ms 200] [--style apa.csl] [--examples 2]
// Needs `npm install --prefix bench/Citations` (citeproc, pinned in package.json) and the .NET SDK.
import { createRequire } from 'node:module';
import { execFileSync, spawn } from 'node:child_process';
import readline from 'node:readline';
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
const rounds = Number(arg('--rounds', '5'));
const roundMs = Number(arg('--round-ms', '200'));
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
const citeproc = (engine, mode) => (mode === 'bibliography'
  ? (item) => { engine.updateItems([item.id]); return engine.makeBibliography()[1].join('').trim(); }
  : (item) => { engine.updateItems([item.id]); return engine.makeCitationCluster([{ id: item.id, position: 0 }]).trim(); });
// One round: whole passes over the items for at least roundMs (one pass at least), as the console's `round`.
const round = (render) => {
  let rendered = 0;
  const start = process.hrtime.bigint();
  let seconds;
  do {
    items.forEach(render);
    rendered += items.length;
    seconds = Number(process.hrtime.bigint() - start) / 1e9;
  } while (seconds * 1000 < roundMs);
  return { perSecond: rendered / seconds, ms: Math.ceil(seconds * 1000) };
};

// Ours: the bench console in `serve` mode, one line in and one JSON line out per request. Its rounds and
// citeproc-js's alternate (theirs, ours, theirs, ours...), and each of ours lasts as long as the citeproc-js
// round before it, so both engines of a pair run for the same time under the same load; each keeps its best
// round, the one least disturbed by the rest of the machine.
const child = spawn('dotnet', [oursDll, 'serve', '--items', itemsFile, '--locale', localeFile], { stdio: ['pipe', 'pipe', 'inherit'] });
const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
const ask = async (line) => { child.stdin.write(`${line}\n`); return JSON.parse((await lines.next()).value); };
const theirs = {};
const ours = {};
for (const style of styles) {
  const stylePath = path.join(shared, 'csl', 'styles', style);
  const engine = new CSL.Engine(sys, fs.readFileSync(stylePath, 'utf8'), 'en-US');
  engine.setOutputFormat('text');
  await ask(`style ${stylePath}`);
  theirs[style] = {}; ours[style] = {};
  for (const mode of MODES) {
    const render = citeproc(engine, mode);
    // The first pass gives the compared text and warms up; two more untimed rounds each let both JITs settle.
    theirs[style][mode] = { entries: items.map(render), perSecond: 0 };
    ours[style][mode] = { entries: (await ask(`entries ${mode}`)).entries, entriesPerSecond: 0 };
    for (let r = -2; r < rounds; r++) {
      const t = round(render);
      const o = await ask(`round ${mode} ${t.ms}`);
      if (r < 0) continue;
      theirs[style][mode].perSecond = Math.max(theirs[style][mode].perSecond, t.perSecond);
      ours[style][mode].entriesPerSecond = Math.max(ours[style][mode].entriesPerSecond, Math.round(o.rendered / o.seconds));
    }
  }
  process.stderr.write(`${style} `);
}
child.stdin.end();
process.stderr.write('\n');

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
console.log(`${items.length} items (${SOURCES.map((src) => `${counts[src]} ${src}`).join(', ')}), one item at a time, text output; best of ${rounds} alternating rounds each, of at least ${roundMs} ms and as long for both engines`);
console.log(`${'style'.padEnd(36)} ${'mode'.padEnd(12)} citeproc/s   ours/s   ratio     same ${SOURCES.map((src) => src.padStart(7)).join(' ')}`);
rows.forEach((r) => console.log(r));
console.log(`identical overall: ${same}/${total} (${(100 * same / total).toFixed(1)}%); lowest share ${(100 * lowest.share).toFixed(1)}% (${lowest.name}); lowest speed ratio ${slowest.toFixed(1)}x`);
console.log('\ndifferences by kind (count, style and mode: kind; first DOIs):');
for (const [k, list] of Object.entries(kinds).sort((x, y) => y[1].length - x[1].length)) {
  console.log(`${String(list.length).padStart(4)}  ${k}; ${list.slice(0, examples).map((i) => items[i].DOI || items[i].id).join(' ')}`);
}
fs.writeFileSync(path.join(work, 'diffs.txt'), diffs.join('\n\n'));
console.log(`items: ${itemsFile}\ndifferences: ${path.join(work, 'diffs.txt')}`);
