// Entries made mostly of HTML (frozen bodies, rendered pages), stored as text blobs: the JSON
// envelope would escape every quote of the HTML and parse it twice. The value's long strings are
// cut out of its JSON and appended raw; reading parses only the short JSON and slices the rest.
// The store still checks the blob's checksum and key (`getText`), so a corrupt entry is rebuilt.
import type { Store } from './store.ts';

/** Strings this long (or starting with NUL, the cut marker) are cut out of the JSON. */
const CUT = 128;

export function pack(value: unknown): string {
  const cuts: string[] = [];
  const json = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' && (v.length >= CUT || v.charCodeAt(0) === 0) ? `\u0000${cuts.push(v) - 1}` : v));
  return `${JSON.stringify(cuts.map((c) => c.length))}\n${json}\n${cuts.join('')}`;
}

export function unpack<T>(text: string): T {
  const a = text.indexOf('\n');
  const b = text.indexOf('\n', a + 1);
  if (a < 0 || b < 0) throw new Error('not a packed entry');
  const lengths = JSON.parse(text.slice(0, a)) as number[];
  const value = JSON.parse(text.slice(a + 1, b)) as unknown;
  const cuts: string[] = [];
  let at = b + 1;
  for (const n of lengths) {
    cuts.push(text.slice(at, at + n));
    at += n;
  }
  if (at !== text.length) throw new Error('packed entry has the wrong length');
  const restore = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (v.charCodeAt(0) !== 0) return v;
      const cut = cuts[Number(v.slice(1))];
      if (cut === undefined) throw new Error('packed entry refers to a missing string');
      return cut;
    }
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = restore(v[i]);
      return v;
    }
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      // An own `__proto__` key (JSON.parse makes one) must stay a plain property.
      if (k === '__proto__') Object.defineProperty(o, k, { value: restore(o[k]), enumerable: true, writable: true, configurable: true });
      else o[k] = restore(o[k]);
    }
    return o;
  };
  return restore(value) as T;
}

/** `store.get` for a packed entry: null on a miss, or (counted as rebuilt) when it does not unpack. */
export function getPacked<T>(store: Store, kind: string, parts: readonly string[]): T | null {
  const text = store.getText(kind, parts);
  if (text === null) return null;
  try {
    return unpack<T>(text);
  } catch (error) {
    store.stale(kind, `unreadable (${(error as Error).message})`);
    return null;
  }
}

export function putPacked(store: Store, kind: string, parts: readonly string[], value: unknown): void {
  store.putText(kind, parts, pack(value));
}
