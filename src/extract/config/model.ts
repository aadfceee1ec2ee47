// What each format parser hands to the page builder: flat key entries with exact lines,
// higher-level objects (services, workloads, jobs), page facts, and what the Requirements page
// needs. Every string here is already redacted.

import type { Diagnostics } from '../../model/diagnostics.ts';
import type { CodeOf } from '../../model/codes.ts';
import { isPlaceholder, isSecretKey, marker, redactText } from '../../secrets/index.ts';

export interface ConfigEntry {
  /** Dotted key path, array indexes as `[0]`; multi-document files prefix `<document>:`. */
  key: string;
  /** Nesting level, 0 = top. */
  level: number;
  type: string;
  /** Source text of the value (redacted); '' when not shown (non-empty collections). */
  value: string;
  description: string;
  /** Helm `# @default --` text, shown instead of the value when present. */
  defaultText: string;
  lines: [number, number];
}

export interface Fact {
  label: string;
  items: string[];
}

export interface ConfigObject {
  /** Descriptive key, e.g. `services.web`, `Deployment/prod/web`, `jobs.build`. */
  key: string;
  title: string;
  lines: [number, number];
  facts: Fact[];
}

export interface EnvVarUse {
  name: string;
  /** Default/example value (redacted) or '' when none or not shown. */
  value: string;
  description: string;
  /** Where it is needed, e.g. `services.web` or `secret`. */
  context: string;
  path: string;
  lines: [number, number];
}

export interface ServiceUse {
  name: string;
  image: string;
  ports: string[];
  path: string;
  lines: [number, number];
}

export interface ImageUse {
  image: string;
  path: string;
  lines: [number, number];
}

export interface ParsedConfig {
  entries: ConfigEntry[];
  objects: ConfigObject[];
  /** Page-level facts (triggers, secrets needed, base images…). */
  summary: Fact[];
  banners: { severity: 'error' | 'warning'; message: string }[];
  env: EnvVarUse[];
  services: ServiceUse[];
  images: ImageUse[];
}

export function emptyParsed(): ParsedConfig {
  return { entries: [], objects: [], summary: [], banners: [], env: [], services: [], images: [] };
}

export interface ParseContext {
  repo: string;
  path: string;
  text: string;
  diagnostics: Diagnostics;
  /** Real `.env` and similar: every value is redacted whatever it is. */
  secretFile: boolean;
}

/** Records a located problem as a diagnostic and as a page banner. */
export function problem<S extends 'error' | 'warning'>(
  ctx: ParseContext,
  out: ParsedConfig,
  severity: S,
  code: CodeOf<S>,
  message: string,
  where: { line?: number; column?: number } = {},
): void {
  const text = redactText(message).text;
  ctx.diagnostics.add({ code, severity, message: text, repo: ctx.repo, file: ctx.path, ...where });
  out.banners.push({ severity, message: where.line !== undefined ? `Line ${where.line}: ${text}` : text });
}

/** Joins key path segments; segments that would be ambiguous are quoted (`a["b.c"]`). */
export function joinKey(prefix: string, segment: string): string {
  const plain = /^[^\s.[\]"'=]+$/.test(segment);
  const seg = plain ? segment : `[${JSON.stringify(segment)}]`;
  if (prefix === '') return seg;
  return plain ? `${prefix}.${seg}` : `${prefix}${seg}`;
}

export function indexKey(prefix: string, index: number): string {
  return `${prefix}[${index}]`;
}

const MAX_VALUE = 2000;

/**
 * The value to show for `key`: whole-value marker when the key names a secret (or the file is a
 * secret file, or `secretReason` is given), else the source text with secret-looking parts redacted.
 */
export function safeValue(key: string, raw: string, options: { secretReason?: string | null; secretFile?: boolean } = {}): string {
  if (options.secretFile) return raw === '' ? '' : marker('secret-file');
  const trimmed = raw.length > MAX_VALUE ? `${raw.slice(0, MAX_VALUE)}…` : raw;
  if (options.secretReason && !isPlaceholder(raw) && !/^(true|false|null|~|\d{1,4})$/i.test(raw.trim())) return marker(options.secretReason);
  if (isSecretKey(key) && !isPlaceholder(raw) && !/^(true|false|null|~)$/i.test(raw.trim()) && !/^[[{]\s*[\]}]$/.test(raw.trim())) return marker('secret-key');
  return redactText(trimmed).text;
}

/** Redacts free text (comments, descriptions, key names). */
export function safeText(text: string): string {
  return redactText(text).text;
}

export interface CommentStyle {
  /** Regex matching a whole comment line; group 1 is its text. */
  line: RegExp;
}

export const HASH_COMMENT: CommentStyle = { line: /^([ \t]*)#(.*)$/ };
export const INI_COMMENT: CommentStyle = { line: /^([ \t]*)[#;](.*)$/ };
export const PROPERTIES_COMMENT: CommentStyle = { line: /^([ \t]*)[#!](.*)$/ };
export const SLASH_COMMENT: CommentStyle = { line: /^([ \t]*)\/\/(.*)$/ };

export interface Described {
  description: string;
  defaultText: string;
  typeHint: string;
}

/**
 * The comment block directly above line `line` (1-based), whose indentation is within two
 * columns left of `column` (so commented-out YAML indented under the previous key is not taken),
 * read with the Helm `# --` convention when present.
 */
export function commentAbove(lines: string[], line: number, column: number, style: CommentStyle = HASH_COMMENT): Described {
  const block: string[] = [];
  for (let i = line - 2; i >= 0; i--) {
    const m = style.line.exec(lines[i] ?? '');
    if (!m) break;
    const indent = (m[1] ?? '').length;
    if (indent > column || indent < column - 2) break;
    block.unshift(m[2] ?? '');
  }
  return describe(block);
}

/** Helm-docs reading of a comment block: `-- text` starts the description, `@default -- x` overrides the default. */
export function describe(rawLines: string[]): Described {
  const lines = rawLines
    .map((l) => l.replace(/^#*\s?/, '').replace(/\s+$/, ''))
    .filter((l) => !/^(yaml-language-server:|\$schema|@schema|-\*-)/.test(l.trim()));
  let start = -1;
  for (let i = 0; i < lines.length; i++) if (/^--(\s|$)/.test(lines[i] ?? '')) start = i;
  let typeHint = '';
  let defaultText = '';
  let body: string[];
  if (start >= 0) {
    body = [];
    for (let i = start; i < lines.length; i++) {
      let l = lines[i] ?? '';
      const def = /^@default\s*--\s?(.*)$/.exec(l.trim());
      if (def) {
        defaultText = def[1] ?? '';
        continue;
      }
      if (/^@\w/.test(l.trim())) continue;
      if (i === start) {
        l = l.replace(/^--\s?/, '');
        const t = /^\(([\w./[\]-]+)\)\s*(.*)$/.exec(l);
        if (t) {
          typeHint = t[1] ?? '';
          l = t[2] ?? '';
        }
      }
      body.push(l.trim());
    }
  } else {
    body = lines.map((l) => l.trim()).filter((l) => !/^-{3,}/.test(l));
  }
  return { description: safeText(body.join('\n').trim()), defaultText: safeText(defaultText), typeHint };
}

/** Trailing `# comment` on the line after `offset` (end of a scalar value), or ''. */
export function trailingComment(text: string, offset: number): string {
  const nl = text.indexOf('\n', offset);
  const rest = text.slice(offset, nl === -1 ? text.length : nl);
  const m = /^[ \t]+#\s?(.*)$/.exec(rest);
  return m ? safeText((m[1] ?? '').trim()) : '';
}
