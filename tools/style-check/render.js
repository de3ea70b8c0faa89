#!/usr/bin/env node
// citeproc-js in the shape of `enrich format FILE.json --style PATH.csl --mode entries`: one line per item,
// each item rendered alone as a one-entry bibliography, in input order. It lets `check.js --engine` be tried
// without the C# engine, and shows what that command is expected to print.
'use strict';

const fs = require('fs');
const path = require('path');
const CSL = require('citeproc');

const [itemsPath, flag, stylePath, ...rest] = process.argv.slice(2);
if (!itemsPath || flag !== '--style' || !stylePath) {
  console.error('usage: node render.js ITEMS.json --style PATH.csl [--locale PATH.xml]');
  process.exit(2);
}
const localePath = rest[0] === '--locale' ? rest[1]
  : path.resolve(__dirname, '..', '..', 'src', 'Enrichment.Core', 'Citations', 'Styles', 'locales-en-US.xml');

const items = JSON.parse(fs.readFileSync(itemsPath, 'utf8'));
const byId = new Map(items.map((it) => [it.id, it]));
const engine = new CSL.Engine(
  { retrieveLocale: () => fs.readFileSync(localePath, 'utf8'), retrieveItem: (id) => byId.get(id) },
  fs.readFileSync(stylePath, 'utf8'),
  'en-US',
  true,
);
engine.setOutputFormat('text');
for (const item of items) {
  engine.updateItems([item.id]);
  const result = engine.makeBibliography();
  process.stdout.write((result ? result[1].join('') : '').replace(/\s+/g, ' ').trim() + '\n');
}
