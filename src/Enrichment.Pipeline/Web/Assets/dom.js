// Building the page's elements without innerHTML: text is always text. A citation's HTML (the CSL engine's
// <i>, <b>, <sup>, <sub>, styled spans and display divs) is read by a small tokenizer, never by the browser's
// HTML parser (which would apply the inline styles the page's Content-Security-Policy forbids, and fetch what an
// <img> names), and rebuilt from a safe subset: styles become classes, other tags are dropped, text stays text.

/** h('p', { class: 'x', onclick: f }, 'text', child...) */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name === 'class') {
      element.className = value;
    } else if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      element.append(child instanceof Node ? child : String(child));
    }
  }
  return element;
}

const kept = new Set(['i', 'b', 'em', 'strong', 'sup', 'sub']);
const styleClasses = new Map([
  ['font-style:normal;', 'csl-upright'],
  ['font-weight:normal;', 'csl-unbold'],
  ['font-weight:light;', 'csl-light'],
  ['font-variant:small-caps;', 'csl-small-caps'],
  ['font-variant:normal;', 'csl-no-small-caps'],
  ['text-decoration:underline;', 'csl-underline'],
  ['text-decoration:none;', 'csl-no-underline'],
]);
const displayClass = /^csl-(block|left-margin|right-inline|indent)$/;
const entities = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
const maxDepth = 64;
const token = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z-]+="[^"]*")*)\s*\/?>|[^<]+|</g;

function decode(text) {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]+);/g, (whole, name) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return entities[name] ?? whole;
  });
}

function attributesOf(text) {
  const attributes = {};
  for (const [, name, value] of text.matchAll(/\s+([a-zA-Z-]+)="([^"]*)"/g)) {
    attributes[name.toLowerCase()] = decode(value);
  }
  return attributes;
}

/** A citation's HTML as a fragment of safe elements; nesting deeper than maxDepth is kept as text only. */
export function citationFragment(html) {
  const fragment = document.createDocumentFragment();
  // The open tags, innermost last, each with the element its content goes into (past the depth limit, its parent's).
  const open = [{ tag: null, into: fragment }];
  const parent = () => open[open.length - 1].into;
  for (const [whole, closing, name, attributeText] of html.matchAll(token)) {
    if (!name) {
      parent().append(decode(whole));
      continue;
    }
    const tag = name.toLowerCase();
    if (!kept.has(tag) && tag !== 'span' && tag !== 'div') {
      continue; // an unknown tag: dropped, its text kept
    }
    if (closing) {
      if (open.length > 1 && open[open.length - 1].tag === tag) {
        open.pop();
      }
      continue;
    }
    if (open.length > maxDepth) {
      open.push({ tag, into: parent() });
      continue;
    }
    const element = document.createElement(kept.has(tag) ? tag : 'span');
    const attributes = attributesOf(attributeText ?? '');
    const styleClass = styleClasses.get((attributes.style ?? '').replace(/\s+/g, ''));
    if (styleClass) {
      element.classList.add(styleClass);
    }
    if (displayClass.test(attributes.class ?? '')) {
      element.classList.add(attributes.class);
    }
    parent().append(element);
    open.push({ tag, into: element });
  }
  return fragment;
}

/** Copies a citation: as HTML and text where the browser allows, else as text. */
export async function copyCitation(html, text) {
  const plain = text ?? citationFragment(html ?? '').textContent;
  if (html && window.ClipboardItem && navigator.clipboard?.write) {
    try {
      await navigator.clipboard.write([new ClipboardItem({
        'text/html': new Blob([html], { type: 'text/html' }),
        'text/plain': new Blob([plain], { type: 'text/plain' }),
      })]);
      return true;
    } catch {
      // fall back to text
    }
  }
  try {
    await navigator.clipboard.writeText(plain);
    return true;
  } catch {
    return false;
  }
}

/** A CSL-JSON value in words: names, dates, lists, objects. */
export function valueText(value, depth = 0) {
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value !== 'object') {
    return String(value);
  }
  if (depth > 8) {
    return '…';
  }
  if (Array.isArray(value)) {
    return value.map(v => valueText(v, depth + 1)).join('; ');
  }
  if ('family' in value || 'given' in value || 'literal' in value) {
    return value.literal ?? [value.given, value['non-dropping-particle'], value.family, value.suffix].filter(Boolean).join(' ');
  }
  if ('date-parts' in value) {
    return (value['date-parts'] ?? []).map(parts => parts.join('-')).join(' – ') || (value.literal ?? value.raw ?? '');
  }
  if ('literal' in value || 'raw' in value) {
    return value.literal ?? value.raw;
  }
  return Object.entries(value).map(([k, v]) => `${k}: ${valueText(v, depth + 1)}`).join(', ');
}
