// Sections a pull request makes stale, or fresh (issue 15.3): the stale marks of the head's pages
// against the base's, section by section (and page by page, for front-matter `covers:`). Both
// sides are marked by the same stale stage over their own history, so "made stale" is a covered
// item this change alters without the section that covers it, and "made fresh" a stale section
// this change edits or verifies.

import type { Page } from '../model/page.ts';
import type { StaleMark } from '../model/stale.ts';

export interface DiffStale {
  /** The head's page route and the section's anchor (null: the whole page). */
  page: string;
  anchor: string | null;
  title: string;
  /** When it went stale and why: one line per covered change (oldest first, at most 3); empty when made fresh. */
  since: string | null;
  because: string[];
}

function marks(pages: readonly Page[]): Map<string, { page: Page; anchor: string | null; title: string; mark: StaleMark | null }> {
  const out = new Map<string, { page: Page; anchor: string | null; title: string; mark: StaleMark | null }>();
  for (const p of pages) {
    out.set(p.id, { page: p, anchor: null, title: p.title, mark: p.stale ?? null });
    for (const s of p.sections) out.set(s.id, { page: p, anchor: s.anchor, title: s.title, mark: s.stale ?? null });
  }
  return out;
}

/** Sections (and pages) stale at the head but not at the base, and the other way round (still there at the head). */
export function staleChanges(basePages: readonly Page[], headPages: readonly Page[]): { made: DiffStale[]; fresh: DiffStale[] } {
  const base = marks(basePages);
  const head = marks(headPages);
  const made: DiffStale[] = [];
  const fresh: DiffStale[] = [];
  for (const [id, h] of head) {
    const b = base.get(id);
    if (h.mark && !b?.mark) {
      made.push({ page: h.page.route, anchor: h.anchor, title: h.title, since: h.mark.since, because: h.mark.because.slice(0, 3).map((c) => c.summary) });
    } else if (!h.mark && b?.mark) {
      fresh.push({ page: h.page.route, anchor: h.anchor, title: h.title, since: null, because: [] });
    }
  }
  const order = (a: DiffStale, b: DiffStale) => (a.page < b.page ? -1 : a.page > b.page ? 1 : (a.anchor ?? '') < (b.anchor ?? '') ? -1 : (a.anchor ?? '') > (b.anchor ?? '') ? 1 : 0);
  return { made: made.sort(order), fresh: fresh.sort(order) };
}
