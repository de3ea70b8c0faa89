// Formats the Crossref corpus item by item with citeproc-js and with the Enrichment engine, from the same
// CSL-JSON file, and reports entries/s for both and the share of identical text output.
//   node bench/Citations/compare.mjs [--shared ../shared] [--rounds 3]
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
const styles = ['apa.csl', 'ieee.csl', 'modern-language-association.csl'];
const CSL = createRequire(path.join(here, 'package.json'))('citeproc');

// Crossref work message -> CSL-JSON (the two are close; Crossref's types and arrays differ).
const TYPES = {
  'journal-article': 'article-journal', 'book-chapter': 'chapter', 'book-section': 'chapter', 'book-part': 'chapter',
  'proceedings-article': 'paper-conference', 'posted-content': 'article', 'dataset': 'dataset', 'report': 'report',
  'book': 'book', 'monograph': 'book', 'edited-book': 'book', 'reference-book': 'book', 'reference-entry': 'entry',
  'dissertation': 'thesis', 'standard': 'standard', 'journal-issue': 'periodical', 'journal': 'periodical',
  'component': 'article', 'peer-review': 'review', 'other': 'article',
};
const first = (v) => (Array.isArray(v) ? v[0] : v);
const names = (list) => (list || []).map((p) => (p.family ? { family: p.family, ...(p.given ? { given: p.given } : {}), ...(p.suffix ? { suffix: p.suffix } : {}) } : { literal: p.name }));
const date = (d) => (d && d['date-parts'] && d['date-parts'][0] && d['date-parts'][0][0] ? { 'date-parts': [d['date-parts'][0]] } : undefined);

function toCsl(m, id) {
  const item = { id, type: TYPES[m.type] || 'article' };
  const set = (k, v) => { if (v !== undefined && v !== null && v !== '') item[k] = String(v); };
  set('title', first(m.title));
  set('container-title', first(m['container-title']));
  set('container-title-short', first(m['short-container-title']));
  set('collection-title', first(m['series-title']));
  set('publisher', m.publisher);
  set('publisher-place', m['publisher-location']);
  set('volume', m.volume);
  set('issue', m.issue);
  set('page', m.page);
  set('number', m['article-number']);
  set('DOI', m.DOI);
  set('URL', m.URL);
  set('ISSN', first(m.ISSN));
  set('ISBN', first(m.ISBN));
  set('language', m.language);
  if (m.author) item.author = names(m.author);
  if (m.editor) item.editor = names(m.editor);
  const issued = date(m.issued) || date(m['published-print']) || date(m['published-online']);
  if (issued) item.issued = issued;
  return item;
}

const items = [];
for (const file of fs.readdirSync(path.join(shared, 'corpus', 'crossref-works')).sort()) {
  const json = JSON.parse(fs.readFileSync(path.join(shared, 'corpus', 'crossref-works', file), 'utf8'));
  if (json['message-type'] !== 'work' || !json.message) continue;
  items.push(toCsl(json.message, `item-${items.length + 1}`));
}
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'csl-bench-'));
const itemsFile = path.join(work, 'items.json');
fs.writeFileSync(itemsFile, JSON.stringify(items, null, 1));
const localeFile = path.join(shared, 'csl', 'locales', 'locales-en-US.xml');
const locale = fs.readFileSync(localeFile, 'utf8');

// citeproc-js: each item alone as a one-entry bibliography.
const byId = Object.fromEntries(items.map((i) => [i.id, i]));
const sys = { retrieveLocale: () => locale, retrieveItem: (id) => byId[id] };
const theirs = {};
for (const style of styles) {
  const engine = new CSL.Engine(sys, fs.readFileSync(path.join(shared, 'csl', 'styles', style), 'utf8'), 'en-US');
  engine.setOutputFormat('text');
  const render = (item) => {
    engine.updateItems([item.id]);
    const [, entries] = engine.makeBibliography();
    return entries.join('').trim();
  };
  const entries = items.map(render); // warm-up round, also the compared output
  for (let w = 0; w < 2; w++) items.forEach(render); // two more untimed rounds, as for ours
  // Best of the timed rounds, as for ours: the fastest round is the least disturbed by other load.
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (const item of items) render(item);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  theirs[style] = { entries, perSecond: items.length / best };
}

// Ours: the bench console, Release build, same items file and locale.
const outFile = path.join(work, 'ours.json');
execFileSync('dotnet', ['run', '-c', 'Release', '--project', here, '--', 'render', '--items', itemsFile, '--locale', localeFile,
  ...styles.flatMap((s) => ['--style', path.join(shared, 'csl', 'styles', s)]), '--out', outFile, '--rounds', String(rounds)],
  { stdio: ['ignore', 'ignore', 'inherit'] });
const ours = Object.fromEntries(JSON.parse(fs.readFileSync(outFile, 'utf8')).map((s) => [s.style, s]));

const diffs = [];
let same = 0; let total = 0;
console.log(`${items.length} items, best of ${rounds} timed rounds each, one-entry bibliographies, text output`);
console.log('style                              citeproc-js/s   ours/s   ratio   identical');
for (const style of styles) {
  const t = theirs[style]; const o = ours[style];
  let identical = 0;
  t.entries.forEach((e, i) => {
    if (e === o.entries[i].trim()) identical++;
    else diffs.push(`## ${style} ${items[i].id} ${items[i].DOI || ''}\n- ${e}\n+ ${o.entries[i]}`);
  });
  same += identical; total += t.entries.length;
  console.log(`${style.padEnd(34)} ${t.perSecond.toFixed(0).padStart(13)} ${String(o.entriesPerSecond).padStart(8)} ${(o.entriesPerSecond / t.perSecond).toFixed(1).padStart(6)}x  ${(100 * identical / t.entries.length).toFixed(1).padStart(6)}%`);
}
console.log(`identical overall: ${same}/${total} (${(100 * same / total).toFixed(1)}%)`);
fs.writeFileSync(path.join(work, 'diffs.txt'), diffs.join('\n\n'));
console.log(`items: ${itemsFile}\ndifferences: ${path.join(work, 'diffs.txt')}`);
