// From engine findings to where they show: every change becomes a record (the changelog's entry,
// located on the page and anchor of its section now) and, for sections that still exist, an entry
// of that section's history. Removed API entities are located on their spec's API changes page,
// at the anchor they had (the newest removal of each), so old links to them land there.
import type { ChangeRecord, SectionChangeEntry, SectionHistory } from '../model/changes.ts';
import type { Commit } from '../model/history.ts';
import type { Found } from './engines.ts';
import type { Source } from './sources.ts';

/** One finding placed in history. */
export interface ChangeEvent {
  source: Source;
  /** Key into `source.homes`. */
  home: string;
  position: number;
  commit: Commit;
  release: string | null;
  found: Found;
  /** Before/after view of the section at this change ('' when none). */
  view: string;
  /** Among the source's most recent versions (decides the "breaking" badge). */
  recent: boolean;
}

/** Section histories carry this many entries; the rest is in `changelog` and on the forge. */
export const SECTION_ENTRIES = 5;

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** History order (newest first), then path, key, summary: the same output for the same commits. */
export function byHistory(a: ChangeEvent, b: ChangeEvent): number {
  return a.position - b.position || cmp(a.source.path, b.source.path) || cmp(a.found.key, b.found.key) || cmp(a.found.summary, b.found.summary) || cmp(a.found.change, b.found.change);
}

export const shortId = (sha: string): string => `c-${sha.slice(0, 12)}`;

export interface Placed {
  event: ChangeEvent;
  record: ChangeRecord;
}

/**
 * Records for events of one repository, already sorted `byHistory`. `apiPage(source, commit)` is
 * the route of the spec's API changes page (part) that lists the commit.
 */
export function placeEvents(events: ChangeEvent[], apiPage: (source: Source, commit: string) => string | null): Placed[] {
  const removedAnchorTaken = new Set<string>();
  return events.map((event) => {
    const { source, found } = event;
    const home = source.homes.get(event.home);
    let page: string;
    let anchor: string | null;
    if (home) {
      page = home.route;
      anchor = home.anchor;
    } else {
      const api = source.kind === 'openapi' ? apiPage(source, event.commit.sha) : null;
      if (api !== null) {
        page = api;
        // The newest removal of an entity answers for its old anchor; other entries for their commit.
        const old = found.oldAnchor;
        const ownKey = old !== undefined ? `${api}#${old}` : '';
        if (old !== undefined && !removedAnchorTaken.has(ownKey)) {
          removedAnchorTaken.add(ownKey);
          anchor = old;
        } else anchor = shortId(event.commit.sha);
      } else {
        page = source.pages[0]?.route ?? '/';
        anchor = null;
      }
    }
    const record: ChangeRecord = {
      repo: source.repo,
      path: source.path,
      page,
      anchor,
      kind: found.sectionKind,
      key: home?.key ?? found.key,
      change: found.change,
      breaking: found.breaking,
      from: found.from,
      to: found.to,
      summary: found.summary,
      commit: event.commit.sha,
    };
    return { event, record };
  });
}

/** Per page id and anchor, the section's history (entries newest first, bounded). */
export function sectionHistories(placed: Placed[], extra: (source: Source, home: string) => Partial<SectionHistory>): Record<string, Record<string, SectionHistory>> {
  const out: Record<string, Record<string, SectionHistory>> = Object.create(null) as Record<string, Record<string, SectionHistory>>;
  const entriesOf = new Map<SectionHistory, Map<string, SectionChangeEntry>>();
  for (const { event } of placed) {
    const home = event.source.homes.get(event.home);
    if (!home) continue;
    const page = (out[home.pageId] ??= Object.create(null) as Record<string, SectionHistory>);
    let h = page[home.anchor];
    if (!h) {
      h = { entries: [], total: 0, breaking: false, since: null, unreleased: false, historyUrl: null, changesRoute: null, ...extra(event.source, event.home) };
      page[home.anchor] = h;
      entriesOf.set(h, new Map());
    }
    const byCommit = entriesOf.get(h)!;
    let entry = byCommit.get(event.commit.sha);
    if (!entry) {
      entry = { commit: event.commit.sha, release: event.release, changes: [], diffHtml: '' };
      byCommit.set(event.commit.sha, entry);
      h.total++;
      if (h.entries.length < SECTION_ENTRIES) h.entries.push(entry);
    }
    const { change, breaking, from, to, summary } = event.found;
    entry.changes.push({ change, breaking, from, to, summary });
    if (entry.diffHtml === '' && event.view !== '') entry.diffHtml = event.view;
    if (event.recent && breaking === true) h.breaking = true;
  }
  return out;
}
