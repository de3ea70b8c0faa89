// Hand-written items of the common types the Crossref corpus lacks (books, theses, web pages, software...),
// made up for this check. `node check.js --samples` renders them with both styles side by side.
'use strict';

const p = (family, given) => ({ family, given });

module.exports = [
  { id: 's-book', type: 'book', title: 'The structure of scientific revolutions', author: [p('Kuhn', 'Thomas S.')], edition: '4', publisher: 'University of Chicago Press', 'publisher-place': 'Chicago', issued: { 'date-parts': [[2012]] }, ISBN: '9780226458120' },
  { id: 's-edited-book', type: 'book', title: 'Handbook of field methods', editor: [p('Lane', 'Mira'), p('Okafor', 'Chidi')], publisher: 'Harbor Press', 'publisher-place': 'Boston, MA', issued: { 'date-parts': [[2019]] } },
  { id: 's-chapter', type: 'chapter', title: 'Sampling rare species', author: [p('Ito', 'Kenji')], editor: [p('Lane', 'Mira'), p('Okafor', 'Chidi')], 'container-title': 'Handbook of field methods', page: '101-118', publisher: 'Harbor Press', 'publisher-place': 'Boston, MA', issued: { 'date-parts': [[2019]] }, DOI: '10.5555/hfm.2019.7' },
  { id: 's-thesis', type: 'thesis', title: 'Soil carbon under grazing', author: [p('Novak', 'Petra')], genre: 'Doctoral dissertation', publisher: 'University of Vienna', 'publisher-place': 'Vienna', issued: { 'date-parts': [[2021]] }, URL: 'https://example.org/thesis/novak' },
  { id: 's-report', type: 'report', title: 'Flood risk in coastal towns', author: [{ literal: 'Environment Agency' }], genre: 'Technical Report', number: 'TR-42', publisher: 'Environment Agency', 'publisher-place': 'Bristol', issued: { 'date-parts': [[2020, 6]] } },
  { id: 's-webpage', type: 'webpage', title: 'How tides work', author: [p('Reyes', 'Ana')], 'container-title': 'Ocean Notes', issued: { 'date-parts': [[2023, 3, 14]] }, accessed: { 'date-parts': [[2024, 1, 5]] }, URL: 'https://example.org/tides' },
  { id: 's-preprint', type: 'article', title: 'A faster sparse solver', author: [p('Chen', 'Li'), p('Park', 'Jae')], genre: 'Preprint', publisher: 'arXiv', number: '2401.01234', issued: { 'date-parts': [[2024, 1, 3]] }, DOI: '10.48550/arXiv.2401.01234' },
  { id: 's-dataset', type: 'dataset', title: 'Lake temperatures 1990-2020', author: [p('Berg', 'Ola')], publisher: 'Zenodo', version: '2', issued: { 'date-parts': [[2022]] }, DOI: '10.5281/zenodo.123456' },
  { id: 's-magazine', type: 'article-magazine', title: 'The quiet return of wolves', author: [p('Hart', 'Dana')], 'container-title': 'Nature Today', volume: '12', issue: '4', page: '30-35', issued: { 'date-parts': [[2018, 4, 2]] } },
  { id: 's-newspaper', type: 'article-newspaper', title: 'City approves bike lanes', author: [p('Gomez', 'Luis')], 'container-title': 'The Daily Ledger', issued: { 'date-parts': [[2022, 9, 30]] }, URL: 'https://example.org/news/bike' },
  { id: 's-journal-nodoi', type: 'article-journal', title: 'Notes on moss growth', author: [p('Field', 'Ann')], 'container-title': 'Journal of Bryology', volume: '7', issue: '1', page: '1-9', issued: { 'date-parts': [[1999]] }, URL: 'https://example.org/moss' },
  { id: 's-software', type: 'software', title: 'fastgrid', author: [p('Ode', 'Sam')], version: '1.2.0', publisher: 'GitHub', issued: { 'date-parts': [[2023]] }, URL: 'https://example.org/fastgrid' },
  { id: 's-webpage-undated', type: 'webpage', title: 'Reading tide tables', author: [{ literal: 'Harbour Authority' }], 'container-title': 'Harbour Guides', accessed: { 'date-parts': [[2024, 1, 5]] }, URL: 'https://example.org/tide-tables' },
  { id: 's-translated', type: 'book', title: 'Crime and punishment', author: [p('Dostoevsky', 'Fyodor')], translator: [p('Garnett', 'Constance')], publisher: 'Dover', issued: { 'date-parts': [[2001]] }, 'original-date': { 'date-parts': [[1866]] } },
];
