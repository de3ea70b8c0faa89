// Building the page's elements without innerHTML: text is always text. A citation's HTML (the CSL engine's
// <i>, <b>, <sup>, <sub> and styled spans) is copied element by element into a safe subset, its inline styles
// turned into classes (the page's Content-Security-Policy allows no inline style).

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

const kept = new Set(['I', 'B', 'EM', 'STRONG', 'SUP', 'SUB']);
const styleClasses = new Map([
  ['font-style:normal;', 'csl-upright'],
  ['font-weight:normal;', 'csl-unbold'],
  ['font-weight:light;', 'csl-light'],
  ['font-variant:small-caps;', 'csl-small-caps'],
  ['font-variant:normal;', 'csl-no-small-caps'],
  ['text-decoration:underline;', 'csl-underline'],
  ['text-decoration:none;', 'csl-no-underline'],
]);
const maxDepth = 64;

/** A citation's HTML as a fragment of safe elements; deeper than maxDepth, the rest is text. */
export function citationFragment(html) {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  const fragment = document.createDocumentFragment();
  copyInto(parsed.body, fragment, 0);
  return fragment;
}

function copyInto(from, into, depth) {
  for (const node of from.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      into.append(node.textContent);
    } else if (node.nodeType === Node.ELEMENT_NODE) {
      if (depth >= maxDepth) {
        into.append(node.textContent);
        continue;
      }
      const element = document.createElement(kept.has(node.tagName) ? node.tagName.toLowerCase() : 'span');
      const styleClass = styleClasses.get((node.getAttribute('style') ?? '').replace(/\s+/g, ''));
      if (styleClass) {
        element.classList.add(styleClass);
      }
      const display = /^csl-(block|left-margin|right-inline|indent)$/.exec(node.getAttribute('class') ?? '');
      if (display) {
        element.classList.add(display[0]);
      }
      copyInto(node, element, depth + 1);
      into.append(element);
    }
  }
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
