// Line-based formats: INI (`[section]`, `key = value`), Java `.properties`, and `.env` files.
// Small hand-written parsers: they only need keys, source values, comments and lines. A real
// `.env` has every value redacted whatever the parse found (RELIABILITY Y11).

import {
  commentAbove,
  emptyParsed,
  INI_COMMENT,
  joinKey,
  problem,
  PROPERTIES_COMMENT,
  HASH_COMMENT,
  safeText,
  safeValue,
  type ConfigEntry,
  type ParseContext,
  type ParsedConfig,
} from './model.ts';

function entry(ctx: ParseContext, lines: string[], key: string, keyName: string, raw: string, level: number, at: number, end: number, column: number, style = HASH_COMMENT): ConfigEntry {
  const d = commentAbove(lines, at, column, style);
  return {
    key,
    level,
    type: raw === '' ? 'empty' : 'string',
    value: safeValue(keyName, raw, { secretFile: ctx.secretFile }),
    // A real .env's comments may hold old values: keys only.
    description: ctx.secretFile ? '' : d.description,
    defaultText: '',
    lines: [at, end],
  };
}

export function parseIni(ctx: ParseContext): ParsedConfig {
  const out = emptyParsed();
  const lines = ctx.text.split(/\r?\n/);
  let section = '';
  let sectionEntry: ConfigEntry | null = null;
  const seen = new Map<string, number>();
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || /^[#;]/.test(line)) return;
    const header = /^\[([^\]]*)\]\s*([#;].*)?$/.exec(line);
    if (header) {
      section = (header[1] ?? '').trim();
      sectionEntry = { ...entry(ctx, lines, joinKey('', safeText(section)), section, '', 0, i + 1, i + 1, raw.search(/\S/), INI_COMMENT), type: 'section' };
      out.entries.push(sectionEntry);
      return;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line) ?? /^(\S+)$/.exec(line);
    if (!kv) {
      problem(ctx, out, 'warning', 'W_INI_LINE', 'This line is neither a section, a comment nor `key = value`.', { line: i + 1 });
      return;
    }
    const name = (kv[1] ?? '').trim();
    const value = (kv[2] ?? '').replace(/\s+[#;].*$/, '').trim();
    const key = joinKey(section === '' ? '' : joinKey('', safeText(section)), safeText(name));
    if (seen.has(key)) problem(ctx, out, 'warning', 'W_CONFIG_DUPLICATE_KEY', `Key "${key}" is set again (first on line ${seen.get(key)}); the last one usually wins.`, { line: i + 1 });
    seen.set(key, i + 1);
    out.entries.push(entry(ctx, lines, key, name, value, section === '' ? 0 : 1, i + 1, i + 1, raw.search(/\S/), INI_COMMENT));
    if (sectionEntry) sectionEntry.lines = [sectionEntry.lines[0], i + 1];
  });
  return out;
}

/** Java properties: `key=value`, `key: value`, `key value`, `\` continuation lines, `#`/`!` comments. */
export function parseProperties(ctx: ParseContext): ParsedConfig {
  const out = emptyParsed();
  const lines = ctx.text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const line = raw.replace(/^\s+/, '');
    if (line === '' || /^[#!]/.test(line)) continue;
    const start = i;
    let logical = line;
    while (/(^|[^\\])(\\\\)*\\$/.test(logical) && i + 1 < lines.length) {
      logical = logical.slice(0, -1) + (lines[++i] ?? '').replace(/^\s+/, '');
    }
    const m = /^((?:\\.|[^\s=:\\])+)\s*[=:\s]\s*(.*)$/.exec(logical) ?? /^((?:\\.|[^\s=:\\])+)$/.exec(logical);
    if (!m) continue;
    const name = (m[1] ?? '').replace(/\\(.)/g, '$1');
    out.entries.push(entry(ctx, lines, safeText(name), name, (m[2] ?? '').trim(), 0, start + 1, i + 1, raw.search(/\S/), PROPERTIES_COMMENT));
  }
  return out;
}

/**
 * `.env` syntax (dotenv/compose): optional `export`, `KEY=value`, single/double quotes (double
 * may span lines), `#` comments (not inside quotes), `${VAR}` kept as written.
 */
export function parseEnv(ctx: ParseContext): ParsedConfig {
  const out = emptyParsed();
  const lines = ctx.text.split(/\r?\n/);
  const seen = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(raw);
    if (!m) {
      if (raw.trim() !== '' && !/^\s*#/.test(raw)) problem(ctx, out, 'warning', 'W_ENV_LINE', 'This line is not `KEY=value`; it was skipped.', { line: i + 1 });
      continue;
    }
    const name = m[1] ?? '';
    let rest = m[2] ?? '';
    const start = i;
    let value: string;
    const quote = rest[0];
    if (quote === '"' || quote === "'" || quote === '`') {
      let body = rest.slice(1);
      let close = body.indexOf(quote);
      while (close === -1 && i + 1 < lines.length) {
        body += `\n${lines[++i] ?? ''}`;
        close = body.indexOf(quote);
      }
      value = close === -1 ? body : body.slice(0, close);
      rest = close === -1 ? '' : body.slice(close + 1);
      value = `${quote}${value}${quote}`;
    } else {
      value = rest.replace(/\s+#.*$/, '').trim();
    }
    if (seen.has(name)) problem(ctx, out, 'warning', 'W_CONFIG_DUPLICATE_KEY', `${name} is set again (first on line ${seen.get(name)}).`, { line: start + 1 });
    seen.set(name, start + 1);
    const e = entry(ctx, lines, safeText(name), name, value, 0, start + 1, i + 1, raw.search(/\S/));
    if (!e.description) {
      const trailing = /^[^#]*\s#\s?(.*)$/.exec(quote === '"' || quote === "'" ? rest : (m[2] ?? ''));
      if (trailing && !ctx.secretFile) e.description = safeText((trailing[1] ?? '').trim());
    }
    out.entries.push(e);
    out.env.push({
      name: e.key,
      value: e.value,
      description: e.description,
      context: ctx.secretFile ? 'local .env (names only)' : 'example environment',
      path: ctx.path,
      lines: e.lines,
    });
  }
  return out;
}
