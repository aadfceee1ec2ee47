// The last redaction layer before the site is built (RELIABILITY §2.3, step 4): every piece of
// text that reaches a page or livewiki.json passes the content rules (token formats, private
// keys, URL passwords, high entropy), whatever extractor produced it. Only text is touched: ids,
// routes, anchors and URLs are ours and stay intact (a redacted route would break links). The
// output gate after the build scans everything again, attributes included, and fails closed.

import type { Diagnostics } from '../model/diagnostics.ts';
import type { NavLink, SitePage } from '../model/site.ts';
import { clean, note, redactHtmlText, type SecretFinding } from '../secrets/index.ts';

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

