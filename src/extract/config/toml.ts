// TOML: smol-toml validates and types the file; a small line scanner maps each table header and
// key to its lines (smol-toml keeps no positions). Inline tables and arrays are one value.

import { parse, TomlDate, TomlError } from 'smol-toml';
import { commentAbove, emptyParsed, indexKey, joinKey, problem, safeText, safeValue, type ParseContext, type ParsedConfig } from './model.ts';

/** Splits a TOML key (`a."b.c".d`) into segments; null when malformed. */
export function tomlKeySegments(src: string): string[] | null {
  const segs: string[] = [];
  const re = /\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*(\.|$)/y;
  let at = 0;
  while (at < src.length) {
    re.lastIndex = at;
    const m = re.exec(src);
    if (!m) return null;
    segs.push(m[1] !== undefined ? JSON.parse(`"${m[1]}"`) : (m[2] ?? m[3] ?? ''));
    at = re.lastIndex;
    if (m[4] === '') break;
  }
  return segs.length > 0 ? segs : null;
}

/** Offset just after a value starting at `from` (strings, multi-line strings, nested brackets). */
function valueEnd(text: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < text.length) {
    const ch = text[i];
    if (text.startsWith('"""', i) || text.startsWith("'''", i)) {
      const q = text.slice(i, i + 3);
      const close = text.indexOf(q, i + 3);
      i = close === -1 ? text.length : close + 3;
      while (text[i] === q[0]) i++;
      if (depth === 0) return i;
      continue;
    }
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== ch && text[j] !== '\n') j += ch === '"' && text[j] === '\\' ? 2 : 1;
      i = j + 1;
      if (depth === 0) return i;
      continue;
    }
    if (ch === '#') {
      if (depth === 0) return i;
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl;
      continue;
    }
    if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') {
      depth--;
      if (depth <= 0) return i + 1;
    } else if (ch === '\n' && depth === 0) return i;
    i++;
  }
  return i;
}

function typeOf(v: unknown): string {
  if (v instanceof TomlDate || v instanceof Date) return 'datetime';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'bigint') return 'integer';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'float';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  if (v && typeof v === 'object') return 'table';
  return 'unknown';
}

function lookup(data: unknown, path: (string | number)[]): unknown {
  let cur: unknown = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (!Object.hasOwn(cur as object, seg)) return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

export function parseToml(ctx: ParseContext): ParsedConfig {
  const out = emptyParsed();
  const { text } = ctx;
  let data: unknown;
  try {
    // 64-bit integers (valid TOML) become BigInt rather than an error (D14); values are shown as written.
    data = parse(text, { integersAsBigInt: 'asNeeded' });
  } catch (error) {
    const e = error as TomlError;
    problem(ctx, out, 'error', 'E_TOML_PARSE', `This TOML file is invalid: ${(e.message.split('\n')[0] ?? '').trim()}`, e instanceof TomlError ? { line: e.line, column: e.column } : {});
    data = undefined;
  }
  const lines = text.split(/\r?\n/);
  const lineOffsets: number[] = [];
  let off = 0;
  for (const l of lines) {
    lineOffsets.push(off);
    off += l.length + (text[off + l.length] === '\r' ? 2 : 1);
  }
  const lineOfOffset = (o: number) => {
    let lo = 0;
    while (lo + 1 < lineOffsets.length && (lineOffsets[lo + 1] ?? Infinity) <= o) lo++;
    return lo + 1;
  };
  const arrayCounts = new Map<string, number>();
  let table: (string | number)[] = [];
  let tableKey = '';
  const keyOf = (path: (string | number)[]) => path.reduce<string>((k, s) => (typeof s === 'number' ? indexKey(k, s) : joinKey(k, safeText(s))), '');
  /** Resolves header segments, entering the last element of arrays of tables on the way. */
  const resolve = (segs: string[]): (string | number)[] => {
    const path: (string | number)[] = [];
    for (const s of segs) {
      path.push(s);
      const n = arrayCounts.get(JSON.stringify(path));
      if (n !== undefined) path.push(n - 1);
    }
    return path;
  };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const column = raw.search(/\S/);
    const header = /^\s*(\[\[?)\s*(.*?)\s*\]\]?\s*(#.*)?$/.exec(raw);
    if (header && !/=/.test(raw.split('#')[0]?.replace(/"[^"]*"|'[^']*'/g, '') ?? '')) {
      const segs = tomlKeySegments(header[2] ?? '');
      if (!segs) continue;
      if (header[1] === '[[') {
        const parent = resolve(segs.slice(0, -1));
        const base = [...parent, segs[segs.length - 1] ?? ''];
        const id = JSON.stringify(base);
        const n = (arrayCounts.get(id) ?? 0) + 1;
        arrayCounts.set(id, n);
        table = [...base, n - 1];
      } else {
        table = resolve(segs);
      }
      tableKey = keyOf(table);
      const d = commentAbove(lines, i + 1, column);
      out.entries.push({ key: tableKey, level: table.filter((s) => typeof s === 'string').length - 1, type: header[1] === '[[' ? 'table (array item)' : 'table', value: '', description: d.description || trailing(raw), defaultText: '', lines: [i + 1, i + 1] });
      continue;
    }
    const eq = /^\s*((?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_.\s-])+?)\s*=\s*/.exec(raw);
    if (!eq) continue;
    const segs = tomlKeySegments(eq[1] ?? '');
    if (!segs) continue;
    const start = (lineOffsets[i] ?? 0) + eq[0].length;
    const end = valueEnd(text, start);
    const rawValue = text.slice(start, end).trim();
    const endLine = lineOfOffset(Math.max(start, end - 1));
    const path = [...table, ...segs];
    const value = data === undefined ? undefined : lookup(data, path);
    const d = commentAbove(lines, i + 1, column);
    out.entries.push({
      key: keyOf(path),
      level: path.filter((s) => typeof s === 'string').length - 1,
      type: value === undefined ? 'unknown' : typeOf(value),
      value: safeValue(segs[segs.length - 1] ?? '', rawValue),
      description: d.description || trailing(text.slice(end, text.indexOf('\n', end) === -1 ? text.length : text.indexOf('\n', end))),
      defaultText: '',
      lines: [i + 1, endLine],
    });
    // Extend the enclosing table header's range to its last key.
    const headerEntry = out.entries.find((e) => e.key === tableKey && e.type.startsWith('table'));
    if (headerEntry) headerEntry.lines = [headerEntry.lines[0], endLine];
    i = endLine - 1;
  }
  return out;
}

function trailing(rest: string): string {
  const m = /#\s?(.*)$/.exec(rest.replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, ''));
  return m ? safeText((m[1] ?? '').trim()) : '';
}
