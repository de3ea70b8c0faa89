#!/usr/bin/env node
// Renders every Crossref work of the shared corpus as a one-entry bibliography with each built-in style
// and with the official style of the same guide (both through citeproc-js), and reports how often the two
// texts agree. Usage: node check.js [--shared DIR] [--style NAME] [--diffs N] [--types] [--dump FILE] [--samples]
// --samples renders the hand-written items of samples.js (types the corpus lacks) instead, printing both texts.
// --citations prints, for each style, an in-text citation of the first samples with a page locator.
// --html compares citeproc-js's HTML output instead of plain text (formatting counts too).
// --engine CMD compares another engine with citeproc-js instead: CMD is run through the shell once per style
// with {items} (a CSL-JSON file of all items) and {style} (a .csl path) filled in, and must print one line
// per item, as `enrich format {items} --style {style} --mode entries --output text` does.
'use strict';

const fs = require('fs');
const path = require('path');
const CSL = require('citeproc');

const repo = path.resolve(__dirname, '..', '..');
const args = parseArgs(process.argv.slice(2));
const shared = path.resolve(args.shared || process.env.ENRICHMENT_SHARED || path.join(repo, '..', 'shared'));
const ownDir = path.join(repo, 'src', 'Enrichment.Core', 'Citations', 'Styles');

// Built-in style file -> the official style of the same guide.
const PAIRS = [
  ['apa', 'apa'],
  ['mla', 'modern-language-association'],
  ['chicago-author-date', 'chicago-author-date'],
  ['ieee', 'ieee'],
  ['vancouver', 'nlm-citation-sequence'],
];

function parseArgs(argv) {
  const out = { diffs: 3 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--shared') out.shared = argv[++i];
    else if (a === '--style') out.style = argv[++i];
    else if (a === '--diffs') out.diffs = Number(argv[++i]);
    else if (a === '--types') out.types = true;
    else if (a === '--dump') out.dump = argv[++i];
    else if (a === '--samples') out.samples = true;
    else if (a === '--citations') out.citations = true;
    else if (a === '--engine') out.engine = argv[++i];
    else if (a === '--html') out.html = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return out;
}

// ---- Crossref work -> CSL-JSON -------------------------------------------------------------------------

const TYPES = {
  'journal-article': 'article-journal',
  'book-chapter': 'chapter',
  'book-section': 'chapter',
  'book-part': 'chapter',
  'reference-entry': 'entry-encyclopedia',
  book: 'book',
  monograph: 'book',
  'edited-book': 'book',
  'reference-book': 'book',
  'proceedings-article': 'paper-conference',
  proceedings: 'book',
  dataset: 'dataset',
  report: 'report',
  'report-series': 'report',
  dissertation: 'thesis',
  'posted-content': 'article',
  standard: 'standard',
  'journal-issue': 'periodical',
  journal: 'periodical',
  component: 'article',
};

const first = (v) => (Array.isArray(v) ? (v.length ? v[0] : undefined) : v);

function names(list) {
  if (!Array.isArray(list)) return undefined;
  const out = list
    .map((n) => {
      if (n.family) {
        const name = { family: n.family };
        if (n.given) name.given = n.given;
        if (n.suffix) name.suffix = n.suffix;
        return name;
      }
      return n.name ? { literal: n.name } : undefined;
    })
    .filter(Boolean);
  return out.length ? out : undefined;
}

function date(d) {
  const parts = d && Array.isArray(d['date-parts']) ? d['date-parts'][0] : undefined;
  if (!Array.isArray(parts) || typeof parts[0] !== 'number') return undefined;
  return { 'date-parts': [parts.filter((p) => typeof p === 'number')] };
}

function toCsl(work, id) {
  const item = { id, type: TYPES[work.type] || 'article' };
  const set = (key, value) => {
    if (value !== undefined && value !== null && value !== '') item[key] = String(value);
  };
  let title = first(work.title);
  const subtitle = first(work.subtitle);
  if (title && subtitle && !title.includes(subtitle)) title = `${title}: ${subtitle}`;
  set('title', title);
  set('container-title', first(work['container-title']));
  set('container-title-short', first(work['short-container-title']));
  set('volume', work.volume);
  set('issue', work.issue);
  set('page', work.page);
  if (!work.page) set('number', first(work['article-number']));
  set('publisher', work.publisher);
  set('publisher-place', work['publisher-location']);
  set('edition', work['edition-number']);
  set('DOI', work.DOI);
  set('URL', work.URL);
  set('ISSN', first(work.ISSN));
  set('ISBN', first(work.ISBN));
  set('language', work.language);
  if (work.event && work.event.name) {
    set('event-title', work.event.name);
    set('event-place', work.event.location);
  }
  if (work.type === 'posted-content' && work.subtype === 'preprint') set('genre', 'Preprint');
  const author = names(work.author);
  if (author) item.author = author;
  const editor = names(work.editor);
  if (editor) item.editor = editor;
  const issued = date(work.issued) || date(work.posted) || date(work.created && work.type === 'dataset' ? work.created : undefined);
  if (issued) item.issued = issued;
  return item;
}

function loadItems() {
  const dir = path.join(shared, 'corpus', 'crossref-works');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f, i) => {
      const doc = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      const work = doc.message && typeof doc.message === 'object' ? doc.message : doc;
      return toCsl(work, `item-${i + 1}`);
    });
}

// ---- rendering -------------------------------------------------------------------------------------------

function engineFor(styleXml, localeXml, items) {
  const byId = new Map(items.map((it) => [it.id, it]));
  const sys = {
    retrieveLocale: () => localeXml,
    retrieveItem: (id) => byId.get(id),
  };
  const engine = new CSL.Engine(sys, styleXml, 'en-US', true);
  engine.setOutputFormat(args.html ? 'html' : 'text');
  return engine;
}

function renderOne(engine, id) {
  engine.updateItems([id]);
  const result = engine.makeBibliography();
  if (!result) return '';
  return result[1].join('').replace(/\s+/g, ' ').trim();
}

function citations() {
  const items = require('./samples.js');
  const ownLocale = fs.readFileSync(path.join(ownDir, 'locales-en-US.xml'), 'utf8');
  for (const [own] of PAIRS) {
    if (args.style && args.style !== own) continue;
    const engine = engineFor(fs.readFileSync(path.join(ownDir, `${own}.csl`), 'utf8'), ownLocale, items);
    const cites = items.slice(0, 3).map((it) => ({ id: it.id, locator: '12', label: 'page' }));
    engine.updateItems(items.slice(0, 3).map((it) => it.id));
    console.log(`${own.padEnd(20)} ${engine.makeCitationCluster(cites)}`);
  }
}

function viaEngine() {
  const { execSync } = require('child_process');
  const os = require('os');
  const items = args.samples ? require('./samples.js') : loadItems();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'style-check-'));
  const itemsPath = path.join(dir, 'items.json');
  fs.writeFileSync(itemsPath, JSON.stringify(items));
  const ownLocale = fs.readFileSync(path.join(ownDir, 'locales-en-US.xml'), 'utf8');
  const officialLocale = fs.readFileSync(path.join(shared, 'csl', 'locales', 'locales-en-US.xml'), 'utf8');
  const styles = PAIRS.flatMap(([own, official]) => [
    { name: own, file: path.join(ownDir, `${own}.csl`), locale: ownLocale },
    { name: `official ${official}`, file: path.join(shared, 'csl', 'styles', `${official}.csl`), locale: officialLocale },
  ]).filter((s) => !args.style || s.name === args.style || s.name === `official ${args.style}`);
  for (const style of styles) {
    const command = args.engine.replaceAll('{items}', JSON.stringify(itemsPath)).replaceAll('{style}', JSON.stringify(style.file));
    const lines = execSync(command, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).split('\n');
    const reference = engineFor(fs.readFileSync(style.file, 'utf8'), style.locale, items);
    let same = 0;
    const diffs = [];
    items.forEach((item, i) => {
      const theirs = renderOne(reference, item.id);
      const mine = (lines[i] || '').replace(/\s+/g, ' ').trim();
      if (mine === theirs) same++;
      else diffs.push({ id: item.id, type: item.type, mine, theirs });
    });
    console.log(`${style.name.padEnd(40)} ${same}/${items.length} identical to citeproc-js (${((100 * same) / items.length).toFixed(1)}%)`);
    for (const d of diffs.slice(0, args.diffs)) {
      console.log(`  - ${d.id} (${d.type})\n    engine:      ${d.mine}\n    citeproc-js: ${d.theirs}`);
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

function main() {
  if (args.citations) return citations();
  if (args.engine) return viaEngine();
  const items = args.samples ? require('./samples.js') : loadItems();
  const officialLocale = fs.readFileSync(path.join(shared, 'csl', 'locales', 'locales-en-US.xml'), 'utf8');
  const ownLocale = fs.readFileSync(path.join(ownDir, 'locales-en-US.xml'), 'utf8');
  const dump = [];
  const summary = [];
  for (const [own, official] of PAIRS) {
    if (args.style && args.style !== own) continue;
    const ownEngine = engineFor(fs.readFileSync(path.join(ownDir, `${own}.csl`), 'utf8'), ownLocale, items);
    const refEngine = engineFor(
      fs.readFileSync(path.join(shared, 'csl', 'styles', `${official}.csl`), 'utf8'),
      officialLocale,
      items,
    );
    let same = 0;
    const diffs = [];
    const byType = {};
    for (const item of items) {
      const mine = renderOne(ownEngine, item.id);
      const theirs = renderOne(refEngine, item.id);
      const t = (byType[item.type] = byType[item.type] || { same: 0, all: 0 });
      t.all++;
      if (mine === theirs) {
        same++;
        t.same++;
      } else diffs.push({ id: item.id, type: item.type, mine, theirs });
      dump.push({ style: own, id: item.id, type: item.type, mine, theirs });
    }
    const share = (100 * same) / items.length;
    summary.push({ own, official, same, all: items.length, share });
    console.log(`${own.padEnd(20)} vs ${official.padEnd(28)} ${same}/${items.length} identical (${share.toFixed(1)}%)`);
    if (args.types) {
      for (const [type, t] of Object.entries(byType)) console.log(`    ${type.padEnd(20)} ${t.same}/${t.all}`);
    }
    if (args.samples) {
      for (const d of dump.filter((r) => r.style === own)) {
        console.log(`  - ${d.id}${d.mine === d.theirs ? ' (same)' : ''}\n    ours:     ${d.mine}` + (d.mine === d.theirs ? '' : `\n    official: ${d.theirs}`));
      }
      continue;
    }
    for (const d of diffs.slice(0, args.diffs)) {
      console.log(`  - ${d.id} (${d.type})\n    ours:     ${d.mine}\n    official: ${d.theirs}`);
    }
  }
  if (args.dump) fs.writeFileSync(args.dump, JSON.stringify(dump, null, 1));
  return summary;
}

main();
