// The last redaction layer's text helpers (RELIABILITY §2.3, step 4), used by the render stage on
// page text and by the output stage on livewiki.json's records: only text is touched, never ids,
// routes, anchors or URLs; what was replaced is reported once per page as I_SECRET_REDACTED.

import type { Diagnostics } from '../model/diagnostics.ts';
import { contentPrefilter, redactContent, type SecretFinding } from './redact.ts';

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

/** Redacts the text between tags of our rendered HTML; tags and attributes are left alone. */
export function redactHtmlText(html: string, sink: SecretFinding[]): string {
  // Pages have thousands of text nodes and nearly none can hold a secret: one look over the
  // page says which may (see contentPrefilter), and only those are searched.
  const mayHit = contentPrefilter(html);
  const node = />([^<]+)</g;
  let out = '';
  let at = 0;
  let m: RegExpExecArray | null;
  while ((m = node.exec(html)) !== null) {
    const text = m[1]!;
    const start = m.index + 1;
    if (!mayHit(start, start + text.length, text)) continue;
    const cleaned = clean(text, sink);
    if (cleaned === text) continue;
    out += html.slice(at, start) + cleaned;
    at = start + text.length;
  }
  return at === 0 ? html : out + html.slice(at);
}

