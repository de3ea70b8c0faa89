// The page: upload and watch, browse an upload's records, cite, export, look up one DOI.
import { download, forgetKey, getKey, json, keyIsRemembered, setKey } from './api.js';
import { citationFragment, copyCitation, h, valueText } from './dom.js';

const $ = id => document.getElementById(id);
const pageSize = 25;
const pollMilliseconds = 1000;
const savedUploads = 'enrichment.uploads';
const statusWords = {
  parsed: 'waiting', enriched: 'enriched', 'not-found': 'not found', 'no-match': 'no match', invalid: 'invalid', failed: 'failed',
};
const provenanceWords = { source: 'your file', crossref: 'Crossref', both: 'both agree' };

const state = {
  style: 'apa',
  upload: null, // { uploadId, fileName }
  tokens: [], // continuation tokens of the pages before the current one
  token: null,
  next: null,
  rows: [],
  openedAny: false,
};

// ---------- messages ----------

function say(text, isError = false) {
  const message = $('message');
  message.textContent = text;
  message.classList.toggle('error', isError);
  message.hidden = !text;
}

function failWith(error) {
  if (error?.name === 'AbortError') {
    return;
  }
  say(error?.words ?? String(error), true);
}

// ---------- styles ----------

async function loadStyles() {
  const select = $('style');
  try {
    const { styles, configured } = await json('styles');
    select.replaceChildren(...styles.map(s => h('option', { value: s.name }, s.source === 'built-in' ? s.name : `${s.name} (from the styles container)`)));
    state.style = configured?.[0] ?? styles[0]?.name ?? 'apa';
    select.value = state.style;
  } catch (error) {
    failWith(error);
  }
  showStyleName();
}

function showStyleName() {
  for (const element of document.querySelectorAll('.style-name')) {
    element.textContent = state.style;
  }
}

// ---------- uploads ----------

function rememberUpload(upload) {
  const list = JSON.parse(sessionStorage.getItem(savedUploads) ?? '[]').filter(u => u.uploadId !== upload.uploadId);
  list.unshift({ uploadId: upload.uploadId, fileName: upload.fileName });
  sessionStorage.setItem(savedUploads, JSON.stringify(list.slice(0, 20)));
}

function uploadItem(fileName) {
  const name = h('strong', {}, fileName);
  const stateText = h('span', { class: 'state' }, 'Sending…');
  const progress = h('progress', { 'aria-label': `Progress of ${fileName}` });
  const counts = h('ul', { class: 'counts', 'aria-label': `Records of ${fileName} by status` });
  const error = h('p', { class: 'error', hidden: true });
  const open = h('button', { type: 'button', hidden: true }, 'Show records');
  const id = h('small', { class: 'upload-id' });
  const item = h('li', { class: 'upload' }, h('div', { class: 'upload-head' }, name, ' ', stateText), progress, counts, error, h('div', { class: 'upload-foot' }, open, ' ', id));
  $('uploads').prepend(item);

  return {
    setId(uploadId) {
      id.textContent = `id ${uploadId}`;
      open.onclick = () => openRecords({ uploadId, fileName });
    },
    show(summary) {
      item.dataset.status = summary.status;
      const total = summary.total ?? 0;
      if (summary.status === 'parsing') {
        stateText.textContent = 'Reading the file…';
      } else if (summary.status === 'processing') {
        stateText.textContent = `Enriching: ${summary.completed} of ${total} records done`;
      } else if (summary.status === 'completed') {
        stateText.textContent = `Done: ${total} record${total === 1 ? '' : 's'}`;
      } else {
        stateText.textContent = 'Failed';
      }
      if (total > 0) {
        progress.max = total;
        progress.value = summary.completed;
      } else if (summary.status === 'completed' || summary.status === 'failed') {
        progress.max = 1;
        progress.value = summary.status === 'completed' ? 1 : 0;
      }
      counts.replaceChildren(...Object.entries(summary.counts ?? {})
        .map(([status, count]) => h('li', { class: `count status-${status}` }, `${statusWords[status] ?? status} `, h('b', {}, String(count)))));
      if (summary.error) {
        this.fail(summary.error);
      }
      open.hidden = !(total > 0);
    },
    fail(words) {
      item.dataset.status = 'failed';
      stateText.textContent = 'Failed';
      error.textContent = words;
      error.hidden = false;
    },
  };
}

async function uploadFiles(files) {
  await Promise.all([...files].map(uploadFile));
}

async function uploadFile(file) {
  const item = uploadItem(file.name);
  let created;
  try {
    created = await json(`uploads?name=${encodeURIComponent(file.name)}`, { method: 'POST', body: file });
  } catch (error) {
    item.fail(error.words ?? String(error));
    return;
  }
  item.setId(created.uploadId);
  rememberUpload(created);
  await follow(created, item);
}

async function follow(upload, item) {
  for (;;) {
    let summary;
    try {
      summary = await json(`uploads/${encodeURIComponent(upload.uploadId)}`);
    } catch (error) {
      item.fail(error.words ?? String(error));
      return;
    }
    item.show(summary);
    if (summary.status === 'completed' || summary.status === 'failed') {
      if (summary.status === 'completed' && !state.openedAny) {
        await openRecords({ uploadId: upload.uploadId, fileName: summary.fileName });
      }
      // One announcement per file when it ends (the counts change every second: too chatty for a live region).
      say(summary.status === 'completed'
        ? `${summary.fileName} is done: ${summary.total ?? 0} record${summary.total === 1 ? '' : 's'}.`
        : `${summary.fileName} failed: ${summary.error ?? 'see its line above'}.`, summary.status === 'failed');
      return;
    }
    await new Promise(resolve => setTimeout(resolve, pollMilliseconds));
  }
}

function wireUploads() {
  const drop = $('drop');
  const input = $('files');
  input.addEventListener('change', () => {
    uploadFiles(input.files).finally(() => { input.value = ''; });
  });
  // A file dropped anywhere else must not replace the page.
  for (const type of ['dragover', 'drop']) {
    window.addEventListener(type, event => event.preventDefault());
  }
  drop.addEventListener('dragover', event => {
    event.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', event => {
    event.preventDefault();
    drop.classList.remove('over');
    if (event.dataTransfer?.files?.length) {
      uploadFiles(event.dataTransfer.files);
    }
  });
  $('open-upload').addEventListener('submit', event => {
    event.preventDefault();
    const uploadId = $('upload-id').value.trim();
    if (uploadId) {
      reopen(uploadId);
    }
  });
}

async function reopen(uploadId) {
  try {
    const summary = await json(`uploads/${encodeURIComponent(uploadId)}`);
    const item = uploadItem(summary.fileName);
    item.setId(summary.uploadId);
    item.show(summary);
    rememberUpload(summary);
    if (summary.status === 'completed' || summary.status === 'failed') {
      await openRecords(summary);
    } else {
      await follow(summary, item);
    }
  } catch (error) {
    failWith(error);
  }
}

// ---------- records ----------

function filterQuery() {
  const form = new FormData($('filters'));
  const query = new URLSearchParams();
  for (const [name, value] of form) {
    if (String(value).trim()) {
      query.set(name, String(value).trim());
    }
  }
  return query;
}

async function openRecords(upload) {
  state.openedAny = true;
  state.upload = { uploadId: upload.uploadId, fileName: upload.fileName };
  state.tokens = [];
  state.token = null;
  $('records-file').textContent = upload.fileName;
  $('records').hidden = false;
  history.replaceState(null, '', `#upload=${encodeURIComponent(upload.uploadId)}`);
  await loadRecords();
}

async function loadRecords() {
  if (!state.upload) {
    return;
  }
  const query = filterQuery();
  query.set('style', state.style);
  query.set('top', String(pageSize));
  if (state.token) {
    query.set('continuationToken', state.token);
  }
  const body = $('records-table').tBodies[0];
  body.setAttribute('aria-busy', 'true');
  try {
    const path = `uploads/${encodeURIComponent(state.upload.uploadId)}/records?`;
    let page = await json(path + query);
    // Titles are matched from their first letter, as stored: "the tex" finds nothing, "The tex" may.
    const title = query.get('title');
    const capitalized = title ? title[0].toUpperCase() + title.slice(1) : title;
    if (page.items.length === 0 && !state.token && capitalized !== title) {
      query.set('title', capitalized);
      page = await json(path + query);
    }
    state.rows = page.items;
    state.next = page.continuationToken ?? null;
    body.replaceChildren(...page.items.map(recordRow));
    $('records-empty').hidden = page.items.length > 0;
    $('next-page').disabled = !state.next;
    $('first-page').disabled = state.tokens.length === 0;
    say('');
  } catch (error) {
    failWith(error);
  } finally {
    body.removeAttribute('aria-busy');
  }
}

function citationBlock(citation) {
  if (!citation) {
    return h('p', { class: 'muted' }, 'Nothing to cite: the entry could not be read.');
  }
  if (citation.error) {
    return h('p', { class: 'error' }, citation.error);
  }
  return h('div', { class: 'citation', lang: 'en' }, citationFragment(citation.html ?? ''));
}

function copyButton(citation, label) {
  if (!citation?.html && !citation?.text) {
    return null;
  }
  const button = h('button', { type: 'button', class: 'copy', 'aria-label': label }, 'Copy');
  button.addEventListener('click', async () => {
    const copied = await copyCitation(citation.html, citation.text);
    button.textContent = copied ? 'Copied' : 'Copy failed';
    say(copied ? 'Citation copied.' : 'The browser did not allow copying: select the citation and copy it.', !copied);
    setTimeout(() => { button.textContent = 'Copy'; }, 2000);
  });
  return button;
}

function recordRow(row) {
  const title = row.title ?? row.source?.title ?? '(no title)';
  const meta = [row.firstAuthor, row.year, row.containerTitle, row.doi].filter(v => v !== null && v !== undefined && v !== '').join(' · ');
  return h('tr', { 'data-record': row.recordId },
    h('td', { 'data-label': 'Line' }, String(row.line)),
    h('td', { 'data-label': 'Status' }, h('span', { class: `badge status-${row.status}` }, statusWords[row.status] ?? row.status)),
    h('td', { 'data-label': 'Record' },
      h('button', { type: 'button', class: 'link title', onclick: () => openRecord(row) }, title),
      meta ? h('div', { class: 'meta' }, meta) : null,
      row.error ? h('p', { class: 'error' }, row.error) : null,
      citationBlock(row.citation)),
    h('td', { class: 'row-actions' }, copyButton(row.citation, `Copy the citation of ${title}`)));
}

function fieldsTable(record, provenance) {
  const rows = Object.entries(record ?? {}).filter(([name]) => name !== 'id');
  if (rows.length === 0) {
    return h('p', { class: 'muted' }, 'No fields.');
  }
  return h('table', { class: 'fields' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, 'Value'), provenance ? h('th', { scope: 'col' }, 'From') : null)),
    h('tbody', {}, rows.map(([name, value]) => h('tr', {},
      h('th', { scope: 'row' }, name),
      h('td', {}, valueText(value)),
      provenance ? h('td', { class: `from from-${provenance[name] ?? 'source'}` }, provenanceWords[provenance[name]] ?? provenance[name] ?? '') : null))));
}

function disagreements(list) {
  return h('table', { class: 'fields' },
    h('thead', {}, h('tr', {}, ['Field', 'Your file', 'Crossref', 'Kept'].map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, list.map(d => h('tr', {},
      h('th', { scope: 'row' }, d.field),
      h('td', {}, d.sourceValue ?? ''),
      h('td', {}, d.crossrefValue ?? ''),
      h('td', {}, provenanceWords[d.chosen] ?? d.chosen ?? '')))));
}

function openRecord(row) {
  const dialog = $('record');
  const title = row.title ?? '(no title)';
  $('record-title').textContent = title;
  const downloads = ['bibtex', 'ris', 'csl-json'].map(format => h('button', {
    type: 'button',
    onclick: () => download(`uploads/${encodeURIComponent(row.uploadId)}/export?format=${format}&record=${encodeURIComponent(row.recordId)}`, `${row.recordId}.${format}`)
      .catch(failWith),
  }, { bibtex: 'BibTeX', ris: 'RIS', 'csl-json': 'CSL-JSON' }[format]));
  const warnings = (row.warnings ?? '').split('\n').filter(Boolean);
  const disagreementList = Array.isArray(row.discrepancies) ? row.discrepancies : [];

  $('record-body').replaceChildren(...[
    h('p', {}, h('span', { class: `badge status-${row.status}` }, statusWords[row.status] ?? row.status),
      ` line ${row.line}${row.sourceKey ? `, key ${row.sourceKey}` : ''}${row.doi ? `, DOI ${row.doi}` : ''}`),
    h('h3', {}, 'Citation (', h('span', { class: 'style-name' }, state.style), ')'),
    h('div', { class: 'citation-row' }, citationBlock(row.citation), copyButton(row.citation, `Copy the citation of ${title}`)),
    h('div', { class: 'export', role: 'group', 'aria-label': 'Download this record' }, h('span', {}, 'This record as'), downloads),
    row.error ? h('section', {}, h('h3', {}, 'Error'), h('p', { class: 'error' }, row.errorStage ? `${row.error} (while ${row.errorStage})` : row.error)) : null,
    warnings.length ? h('section', {}, h('h3', {}, 'Warnings'), h('ul', { class: 'warnings' }, warnings.map(w => h('li', {}, w)))) : null,
    disagreementList.length ? h('section', {}, h('h3', {}, 'Where your file and Crossref disagree'), disagreements(disagreementList)) : null,
    h('section', {}, h('h3', {}, row.enriched ? 'Merged record, and where each field came from' : 'The record as read'),
      fieldsTable(row.enriched ?? row.source, row.enriched ? row.provenance ?? {} : null)),
    row.enriched && row.source ? h('details', {}, h('summary', {}, 'The record as read from your file'), fieldsTable(row.source, null)) : null,
  ].filter(Boolean));
  dialog.showModal();
  $('record-close').focus();
}

function wireRecords() {
  $('filters').addEventListener('submit', event => {
    event.preventDefault();
    state.tokens = [];
    state.token = null;
    loadRecords();
  });
  $('filters').addEventListener('reset', () => {
    setTimeout(() => {
      state.tokens = [];
      state.token = null;
      loadRecords();
    });
  });
  $('next-page').addEventListener('click', () => {
    state.tokens.push(state.token);
    state.token = state.next;
    loadRecords();
  });
  $('first-page').addEventListener('click', () => {
    state.tokens = [];
    state.token = null;
    loadRecords();
  });
  for (const button of document.querySelectorAll('#records [data-export]')) {
    button.addEventListener('click', () => {
      const format = button.dataset.export;
      const style = format === 'text' ? `&style=${encodeURIComponent(state.style)}` : '';
      download(`uploads/${encodeURIComponent(state.upload.uploadId)}/export?format=${format}${style}`, `${state.upload.fileName}.${format}`)
        .then(name => say(`Downloaded ${name}.`))
        .catch(failWith);
    });
  }
  $('record-close').addEventListener('click', () => $('record').close());
}

// ---------- one DOI ----------

function doiPath(text) {
  const doi = text.trim().replace(/^https?:\/\/(dx\.)?doi\.org\//i, '').replace(/^doi:\s*/i, '');
  return doi.split('/').map(encodeURIComponent).join('/');
}

async function lookUp() {
  const text = $('doi').value;
  if (!text.trim()) {
    return;
  }
  const work = $('work');
  work.replaceChildren(h('p', { class: 'muted' }, 'Asking Crossref…'));
  try {
    const found = await json(`works/${doiPath(text)}?style=${encodeURIComponent(state.style)}`);
    const citation = { html: found.citationsHtml?.[state.style], text: found.citations?.[state.style] };
    const record = found.record ?? {};
    work.replaceChildren(
      h('h3', {}, valueText(record.title) || found.doi),
      h('p', { class: 'meta' }, `DOI ${found.doi}`),
      h('h4', {}, 'Citation (', h('span', { class: 'style-name' }, state.style), ')'),
      h('div', { class: 'citation-row' }, citationBlock(citation), copyButton(citation, 'Copy this citation')),
      fieldsTable(record, null));
  } catch (error) {
    work.replaceChildren(h('p', { class: 'error', role: 'alert' }, error.words ?? String(error)));
  }
}

// ---------- key ----------

function showKeyState() {
  $('key-state').textContent = getKey()
    ? (keyIsRemembered() ? 'A key is set and remembered on this device.' : 'A key is set for this tab.')
    : 'No key is set: the API answers without one only where it needs none (enrich serve on 127.0.0.1).';
}

function wireKey() {
  $('key-form').addEventListener('submit', event => {
    event.preventDefault();
    const key = $('key-input').value.trim();
    if (key) {
      setKey(key, $('key-remember').checked);
      $('key-input').value = '';
      showKeyState();
      say('Key saved.');
      loadStyles();
    }
  });
  $('key-forget').addEventListener('click', () => {
    forgetKey();
    showKeyState();
    say('Key forgotten.');
  });
  showKeyState();
}

// ---------- start ----------

async function start() {
  wireUploads();
  wireRecords();
  wireKey();
  $('lookup-form').addEventListener('submit', event => {
    event.preventDefault();
    lookUp();
  });
  $('style').addEventListener('change', () => {
    state.style = $('style').value;
    showStyleName();
    loadRecords();
    if ($('work').childElementCount > 0 && $('doi').value.trim()) {
      lookUp();
    }
  });
  await loadStyles();

  const opened = /^#upload=([A-Za-z0-9_-]+)$/.exec(location.hash);
  if (opened) {
    await reopen(decodeURIComponent(opened[1]));
  }
}

start();
