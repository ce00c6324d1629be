// The server's API as the dashboard uses it: JSON calls and Server-Sent Events read with fetch, so that
// every request (streams too) carries the bearer token; EventSource cannot send one.
const TOKEN_KEY = 'factotum-token';

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

export function setToken(value) {
  if (value) {
    sessionStorage.setItem(TOKEN_KEY, value);
  } else {
    sessionStorage.removeItem(TOKEN_KEY);
  }
}

function headers(extra) {
  const h = Object.assign({}, extra || {});
  const t = token();
  if (t) {
    h.Authorization = 'Bearer ' + t;
  }
  return h;
}

/** Raised when the server answers 401: the dashboard asks for a token. */
export class Unauthorized extends Error {}

export async function call(method, path, body) {
  const init = { method, headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }) };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  if (res.status === 401) {
    throw new Unauthorized('The server requires a valid token');
  }
  let json = null;
  try {
    json = await res.json();
  } catch (e) {
    json = null;
  }
  return { status: res.status, ok: res.ok, json };
}

const sleep = ms => new Promise(r => setTimeout(r, ms));

/**
 * Reads an event stream until `signal` aborts. `onEvent({type, data, id})` gets each event;
 * when the server ends the stream, `ended()` says whether that is the end (else it reconnects with
 * Last-Event-ID, so nothing is missed or repeated). Returns when done.
 */
export async function stream(path, { onEvent, ended, signal, onUnauthorized }) {
  let lastId = '';
  for (let attempt = 0; !signal.aborted; attempt++) {
    if (attempt > 0) {
      await sleep(Math.min(5000, 250 * attempt));
    }
    let res;
    try {
      const h = headers({ Accept: 'text/event-stream' });
      if (lastId) {
        h['Last-Event-ID'] = lastId;
      }
      res = await fetch(path, { headers: h, signal, cache: 'no-store' });
    } catch (e) {
      continue;
    }
    if (res.status === 401) {
      onUnauthorized();
      return;
    }
    if (!res.ok) {
      if (res.status === 404) {
        return;
      }
      continue;
    }
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let type = 'message';
    let data = [];
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          break;
        }
        buffer += value;
        let i;
        while ((i = buffer.indexOf('\n')) >= 0) {
          let line = buffer.slice(0, i);
          buffer = buffer.slice(i + 1);
          if (line.endsWith('\r')) {
            line = line.slice(0, -1);
          }
          if (line === '') {
            if (data.length) {
              onEvent({ type, data: data.join('\n'), id: lastId });
              attempt = 0;
            }
            type = 'message';
            data = [];
            continue;
          }
          if (line.startsWith(':')) {
            continue;
          }
          const c = line.indexOf(':');
          const field = c < 0 ? line : line.slice(0, c);
          let v = c < 0 ? '' : line.slice(c + 1);
          if (v.startsWith(' ')) {
            v = v.slice(1);
          }
          if (field === 'event') {
            type = v;
          } else if (field === 'data') {
            data.push(v);
          } else if (field === 'id') {
            lastId = v;
          }
        }
      }
    } catch (e) {
      if (signal.aborted) {
        return;
      }
    }
    if (ended()) {
      return;
    }
  }
}
