// Spec strings for display. Every string taken from a spec goes through `text()` (control
// characters removed, so no placeholder of ours can be forged) and is escaped by Handlebars;
// Markdown goes through the sanitizing renderer; URLs through `safeUrl`.

import { renderMarkdownFragment } from './markdown.ts';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Spec text for display: control characters removed (they are invalid in HTML anyway). */
export function text(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

export function md(v: unknown): string {
  return renderMarkdownFragment(text(v));
}

/** Only http(s)/mailto URLs become links; anything else (javascript:, data:) is shown as text. */
export function safeUrl(v: unknown): string | null {
  const s = text(v).trim();
  if (!/^(https?:\/\/|mailto:)/i.test(s) || /[\s"'<>`]/.test(s)) return null;
  return s;
}

export function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** First ~300 characters of a description as plain text (for search and navigation). */
export function plain(v: unknown): string {
  const s = text(v)
    .replace(/<[^>]*>/g, '')
    .replace(/[`*_#>[\]()!]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return s.length > 300 ? `${s.slice(0, 297)}…` : s;
}
