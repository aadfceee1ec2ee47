// Each section's own recent changes, in its slot after the provenance badge (issue 14 item 1):
// who, when, why and what changed (semantic summaries, breaking ones marked) with a before/after
// view, in a <details> that opens without JS. Pages stay bounded: past a byte budget, sections
// get their changes without the before/after views, and past a second one, a count and links
// (the forge's full history, the API changes page).
import { commitOf } from '../history/query.ts';
import type { SectionHistory } from '../model/changes.ts';
import type { RepoHistory } from '../model/history.ts';
import type { HistoryEntry } from '../model/page.ts';
import type { TemplateRenderer } from '../model/templates.ts';
import { historyEntry, type ProvenanceOptions } from '../provenance/attach.ts';
import { historyView } from './view.ts';
import { summaryHtml } from '../changes/summary.ts';

/** A section's history as the page shows it: each entry with its commit's who, when and why. */
export type SectionChanges = Omit<SectionHistory, 'entries'> & {
  entries: (HistoryEntry & Pick<SectionHistory['entries'][number], 'release' | 'changes' | 'diffHtml'>)[];
};

/** Byte budgets of one page's section histories: with views, then without, then counts only. */
export const FULL_BUDGET = 150_000;
export const COMPACT_BUDGET = 300_000;
/** Entries shown per section once the views are left out. */
const COMPACT_ENTRIES = 2;

/** The sections of one page with their commits resolved (plain data: part of the render input). */
export function pageSectionChanges(sections: Record<string, SectionHistory> | undefined, history: RepoHistory | undefined, options: ProvenanceOptions): Record<string, SectionChanges> | null {
  if (!sections) return null;
  const out: Record<string, SectionChanges> = {};
  for (const anchor of Object.keys(sections).sort()) {
    const h = sections[anchor]!;
    const entries: SectionChanges['entries'] = [];
    for (const e of h.entries) {
      const commit = history ? commitOf(history, e.commit) : null;
      if (commit) entries.push({ ...historyEntry(commit, options), release: e.release, changes: e.changes, diffHtml: e.diffHtml });
    }
    out[anchor] = { ...h, entries };
  }
  return out;
}


type Mode = 'full' | 'compact' | 'minimal';

function renderOne(h: SectionChanges, mode: Mode, templates: TemplateRenderer): string {
  const entries = mode === 'full' ? h.entries : mode === 'compact' ? h.entries.slice(0, COMPACT_ENTRIES) : [];
  return templates.render('page/section-history', {
    total: h.total,
    breaking: h.breaking,
    since: h.since ?? '',
    unreleased: h.unreleased && h.since === null,
    historyUrl: h.historyUrl,
    changesRoute: h.changesRoute,
    more: h.total - entries.length,
    entries: entries.map((e) => ({
      ...historyView(e),
      release: e.release ?? '',
      changes: e.changes.map((c) => ({ breaking: c.breaking === true, change: c.change, summaryHtml: summaryHtml(c.summary, templates.escape) })),
      diffHtml: mode === 'full' ? e.diffHtml : '',
    })),
  });
}

/**
 * Section anchor → the HTML of its history, in body order (`anchors`), within the page budgets.
 * Sections with nothing to say (no change and no release) get nothing.
 */
export function sectionHistoryHtml(anchors: readonly string[], changes: Record<string, SectionChanges> | null, templates: TemplateRenderer): Map<string, string> {
  const out = new Map<string, string>();
  if (!changes) return out;
  let used = 0;
  for (const anchor of anchors) {
    const h = changes[anchor];
    if (!h || (h.total === 0 && h.since === null && !h.unreleased)) continue;
    const mode: Mode = used < FULL_BUDGET ? 'full' : used < COMPACT_BUDGET ? 'compact' : 'minimal';
    let html = renderOne(h, mode, templates);
    // No section takes the page past the last budget by itself.
    if (mode === 'full' && used + html.length > COMPACT_BUDGET) html = renderOne(h, 'compact', templates);
    if (mode !== 'minimal' && used + html.length > COMPACT_BUDGET) html = renderOne(h, 'minimal', templates);
    used += html.length;
    out.set(anchor, html);
  }
  return out;
}
