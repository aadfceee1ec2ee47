// The last redaction layer's text helpers (RELIABILITY §2.3, step 4), used by the render stage on
// page text and by the output stage on livewiki.json's records: only text is touched, never ids,
// routes, anchors or URLs; what was replaced is reported once per page as I_SECRET_REDACTED.

import type { Diagnostics } from '../model/diagnostics.ts';
import { contentPrefilter, findHits, findingOf, marker, redactContent, type SecretFinding } from './redact.ts';
import { TEXT_RULES } from './rules.ts';
import { decodeEntities } from '../utils/entities.ts';

export function note(findings: SecretFinding[], where: string, diagnostics: Diagnostics): void {
  if (findings.length === 0) return;
  const rules = [...new Set(findings.map((f) => f.rule))].sort().join(', ');
  diagnostics.info('I_SECRET_REDACTED', `${findings.length} secret-looking value(s) replaced by a marker (${rules})`, {
    file: where,
    hint: `Fingerprints: ${[...new Set(findings.map((f) => f.fingerprint))].slice(0, 10).join(', ')}`,
  });
}

export function clean(text: string, sink: SecretFinding[]): string {
  const r = redactContent(text);
  sink.push(...r.findings);
  return r.text;
}

/**
 * A text node's characters with its entities decoded (`&quot;`, `&#x3D;`: templates escape the
 * `"` and `=` of `"key": "value"` and `KEY=value`), and where each one starts in the node.
 */
function decoded(raw: string): { text: string; at: number[] } {
  let text = '';
  const at: number[] = [];
  const entity = /&(#x[0-9a-f]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos);/giy;
  for (let i = 0; i < raw.length; ) {
    entity.lastIndex = i;
    const m = raw[i] === '&' ? entity.exec(raw) : null;
    const chars = m ? decodeEntities(m[0]) : raw[i]!;
    for (let k = 0; k < chars.length; k++) at.push(i);
    text += chars;
    i += m ? m[0].length : 1;
  }
  at.push(raw.length);
  return { text, at };
}

/** Redacts one text node of rendered HTML (entities decoded for the search, kept elsewhere). */
function cleanNode(raw: string, sink: SecretFinding[]): string {
  if (!raw.includes('&')) return clean(raw, sink);
  const { text, at } = decoded(raw);
  const hits = findHits(text, TEXT_RULES);
  if (hits.length === 0) return raw;
  let out = '';
  let from = 0;
  for (const hit of hits) {
    out += raw.slice(from, at[hit.start]) + marker(hit.rule);
    from = at[hit.end]!;
  }
  sink.push(...hits.map((h) => findingOf(h, text, undefined)));
  return out + raw.slice(from);
}

/** Redacts the text between tags of our rendered HTML; tags and attributes are left alone. */
export function redactHtmlText(html: string, sink: SecretFinding[]): string {
  // Pages have thousands of text nodes and nearly none can hold a secret: one look over the
  // page says which may (see contentPrefilter), and only those are searched. A node with an
  // entity is always searched: an escaped character may complete a match.
  const mayHit = contentPrefilter(html);
  const node = />([^<]+)</g;
  let out = '';
  let at = 0;
  let m: RegExpExecArray | null;
  while ((m = node.exec(html)) !== null) {
    const text = m[1]!;
    const start = m.index + 1;
    if (!mayHit(start, start + text.length, text) && !text.includes('&')) continue;
    const cleaned = cleanNode(text, sink);
    if (cleaned === text) continue;
    out += html.slice(at, start) + cleaned;
    at = start + text.length;
  }
  return at === 0 ? html : out + html.slice(at);
}
