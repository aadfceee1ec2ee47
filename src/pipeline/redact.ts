// The last redaction layer before the site is built (RELIABILITY §2.3, step 4): every piece of
// text that reaches a page or livewiki.json passes the content rules (token formats, private
// keys, URL passwords, high entropy), whatever extractor produced it. Only text is touched: ids,
// routes, anchors and URLs are ours and stay intact (a redacted route would break links). The
// output gate after the build scans everything again, attributes included, and fails closed.

import type { Diagnostics } from '../model/diagnostics.ts';
import type { Page } from '../model/page.ts';
import type { NavLink, SitePage } from '../model/site.ts';
import { contentPrefilter, redactContent, type SecretFinding } from '../secrets/index.ts';

function note(findings: SecretFinding[], where: string, diagnostics: Diagnostics): void {
  if (findings.length === 0) return;
  const rules = [...new Set(findings.map((f) => f.rule))].sort().join(', ');
  diagnostics.info('I_SECRET_REDACTED', `${findings.length} secret-looking value(s) replaced by a marker (${rules})`, {
    file: where,
    hint: `Fingerprints: ${[...new Set(findings.map((f) => f.fingerprint))].slice(0, 10).join(', ')}`,
  });
}

function clean(text: string, sink: SecretFinding[]): string {
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

function cleanLinks(links: NavLink[], sink: SecretFinding[]): NavLink[] {
  return links.map((l) => ({ ...l, title: clean(l.title, sink), ...(l.children ? { children: cleanLinks(l.children, sink) } : {}) }));
}

export function redactPages(pages: SitePage[], diagnostics: Diagnostics): void {
  for (const page of pages) {
    const found: SecretFinding[] = [];
    page.bodyHtml = redactHtmlText(page.bodyHtml, found);
    page.title = clean(page.title, found);
    page.description = clean(page.description, found);
    page.toc = page.toc.map((t) => ({ ...t, title: clean(t.title, found) }));
    page.nav = { breadcrumbs: cleanLinks(page.nav.breadcrumbs, found), sidebar: cleanLinks(page.nav.sidebar, found) };
    note(found, page.route, diagnostics);
  }
}

/** Text fields of the machine-readable records (commit subjects and names are redacted upstream). */
export function redactRecords(records: Page[], diagnostics: Diagnostics): void {
  for (const record of records) {
    const found: SecretFinding[] = [];
    record.title = clean(record.title, found);
    if (record.description !== undefined) record.description = clean(record.description, found);
    for (const s of record.sections) {
      s.title = clean(s.title, found);
      s.key = clean(s.key, found);
      if (s.config) s.config = { type: s.config.type, value: clean(s.config.value, found), description: clean(s.config.description, found) };
    }
    note(found, `livewiki.json#${record.id}`, diagnostics);
  }
}
