// The page's one door to the HTTP API: every call goes through call(), which adds the key the user typed in
// (never one written into the page) and turns an RFC 9457 problem into an ApiError with words to show.

const keyName = 'enrichment.apiKey';
const keyHeader = 'x-functions-key';

export function getKey() {
  return sessionStorage.getItem(keyName) ?? localStorage.getItem(keyName);
}

export function keyIsRemembered() {
  return localStorage.getItem(keyName) !== null;
}

export function setKey(key, remember) {
  forgetKey();
  (remember ? localStorage : sessionStorage).setItem(keyName, key);
}

export function forgetKey() {
  sessionStorage.removeItem(keyName);
  localStorage.removeItem(keyName);
}

export class ApiError extends Error {
  constructor(status, title, detail, retryAfter) {
    super(detail ? `${title}: ${detail}` : title);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.retryAfter = retryAfter;
  }

  /** The problem in words for a person. */
  get words() {
    let words = this.message;
    if (this.status === 401) {
      words += ' Enter the key under “API key” below.';
    } else if (this.retryAfter) {
      words += ` Try again in ${this.retryAfter} s.`;
    }
    return words;
  }
}

/** Calls api/{path}; answers the Response, or throws an ApiError. */
export async function call(path, { method = 'GET', body, signal } = {}) {
  const headers = {};
  const key = getKey();
  if (key) {
    headers[keyHeader] = key;
  }

  let response;
  try {
    response = await fetch(`api/${path}`, { method, body, headers, signal, cache: 'no-store' });
  } catch (error) {
    if (error.name === 'AbortError') {
      throw error;
    }
    throw new ApiError(0, 'The server could not be reached', 'check that it is running, then try again.');
  }

  if (!response.ok) {
    throw await problemOf(response);
  }
  return response;
}

export async function json(path, options) {
  return (await call(path, options)).json();
}

/** Fetches a download (with the key) and hands it to the browser as a file. */
export async function download(path, fallbackName) {
  const response = await call(path);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameOf(response.headers.get('content-disposition')) ?? fallbackName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return link.download;
}

function fileNameOf(disposition) {
  if (!disposition) {
    return null;
  }
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (encoded) {
    try {
      return decodeURIComponent(encoded[1]);
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename="([^"]*)"/i.exec(disposition);
  return plain ? plain[1] : null;
}

async function problemOf(response) {
  let title = `The server answered ${response.status}`;
  let detail = '';
  if ((response.headers.get('content-type') ?? '').includes('json')) {
    try {
      const problem = await response.json();
      title = typeof problem.title === 'string' ? problem.title : title;
      detail = typeof problem.detail === 'string' ? problem.detail : '';
    } catch {
      // not JSON after all: keep the status
    }
  }
  return new ApiError(response.status, title, detail, response.headers.get('retry-after'));
}
