// Carries the previous ledger into this build: URLs still served stay live; a URL whose content
// moved (same entity under a new route, a renamed file, sections now on another page) becomes a
// redirect; anything else becomes a tombstone naming the change that removed it.

import { changesOf, formerPaths } from '../history/query.ts';
import type { RepoHistory } from '../model/history.ts';
import type { Page } from '../model/page.ts';
import type { Ledger, LedgerAnchor, LedgerEntry, Removal } from './ledger.ts';

export interface LedgerPageSources {
  /** Source paths of a published page, for rename and removal lookups. */
  paths: string[];
}

export interface LedgerResult {
  ledger: Ledger;
  /** Routes that answer with a redirect: target route and per-anchor targets. */
  redirects: { entry: LedgerEntry; moves: Record<string, string> }[];
  tombstones: LedgerEntry[];
  /** Live routes whose page lost some anchors: each old anchor and where it went (or null). */
  lostAnchors: Record<string, { anchor: LedgerAnchor; to: string | null }[]>;
}

const sectionKey = (repo: string | null, a: { kind: string; key: string }): string => `${repo ?? ''}\0${a.kind}\0${a.key}`;

/** `repo/doc/docs/a.md` → `docs/a.md` (doc pages are identified by their file). */
function docPathOf(id: string): string | null {
  const m = /^[^/]+\/doc\/(.+)$/.exec(id);
  return m ? m[1]! : null;
}

function removalOf(entry: LedgerEntry, history: RepoHistory | undefined): Removal | undefined {
  const path = docPathOf(entry.id) ?? entry.id.replace(/^[^/]+\/[^/]+\//, '').split('/tag/')[0]!.split('/schemas')[0]!.split('/schema/')[0]!.split('/paths/')[0]!.split('/webhooks')[0]!;
  const change = history ? changesOf(history, path, 1)[0] : undefined;
  if (!change) return undefined;
  return {
    commit: change.sha,
    subject: change.subject,
    authors: [change.author.name, ...change.coAuthors.map((p) => p.name)],
    committedAt: change.committedAt,
    url: change.url,
  };
}

export function carryLedger(previous: Ledger | null, current: Page[], histories: ReadonlyMap<string, RepoHistory>): LedgerResult {
  const byRoute = new Map(current.map((p) => [p.route, p]));
  const byId = new Map(current.map((p) => [p.id, p]));
  const sectionHome = new Map<string, string>();
  for (const p of current) for (const s of p.sections) sectionHome.set(sectionKey(p.repo, s), `${p.route}#${s.anchor}`);
  // A renamed document: its former paths point at its page now.
  const renamed = new Map<string, Page>();
  for (const p of current) {
    const path = docPathOf(p.id);
    const history = p.repo ? histories.get(p.repo) : undefined;
    if (path && history) for (const former of formerPaths(history, path)) renamed.set(`${p.repo}\0${former}`, p);
  }

  const entries = new Map<string, LedgerEntry>();
  for (const p of current) {
    entries.set(p.route, {
      route: p.route,
      id: p.id,
      title: p.title,
      repo: p.repo,
      state: 'live',
      anchors: p.sections.map((s) => ({ anchor: s.anchor, kind: s.kind, key: s.key })),
    });
  }

  const redirects: LedgerResult['redirects'] = [];
  const tombstones: LedgerEntry[] = [];
  const lostAnchors: LedgerResult['lostAnchors'] = Object.create(null) as LedgerResult['lostAnchors'];

  for (const old of previous?.entries ?? []) {
    const live = byRoute.get(old.route);
    if (live) {
      // Still served: anchors that disappeared keep answering on the page itself.
      const entry = entries.get(old.route)!;
      const have = new Set(entry.anchors.map((a) => a.anchor));
      const lost = old.anchors.filter((a) => !have.has(a.anchor));
      if (lost.length > 0) {
        lostAnchors[old.route] = lost.map((a) => ({ anchor: a, to: sectionHome.get(sectionKey(old.repo, a)) ?? null }));
        entry.anchors.push(...lost);
      }
      continue;
    }
    const moves: Record<string, string> = {};
    for (const a of old.anchors) {
      const to = sectionHome.get(sectionKey(old.repo, a));
      if (to) moves[a.anchor] = to;
    }
    const docPath = docPathOf(old.id);
    const target =
      byId.get(old.id)?.route ??
      (docPath && old.repo ? renamed.get(`${old.repo}\0${docPath}`)?.route : undefined) ??
      mostCommonPage(Object.values(moves)) ??
      apiOverviewOf(old.id, byId) ??
      (old.state === 'redirect' && old.to && byRoute.has(old.to) ? old.to : undefined);
    if (target) {
      const entry: LedgerEntry = { ...old, state: 'redirect', to: target };
      delete entry.removed;
      entries.set(old.route, entry);
      redirects.push({ entry, moves });
    } else {
      const removed = old.state === 'tombstone' && old.removed ? old.removed : removalOf(old, old.repo ? histories.get(old.repo) : undefined);
      const entry: LedgerEntry = { ...old, state: 'tombstone', ...(removed ? { removed } : {}) };
      delete entry.to;
      entries.set(old.route, entry);
      tombstones.push(entry);
    }
  }
  return { ledger: { schemaVersion: 1, entries: [...entries.values()] }, redirects, tombstones, lostAnchors };
}

/**
 * A page of an API description that is gone while the description is not (an index page of a
 * group after the operations were regrouped): the description's overview. Pages with sections
 * follow their sections instead; only pages without any reach this.
 */
function apiOverviewOf(id: string, byId: Map<string, Page>): string | undefined {
  const spec = /^([^/]+\/openapi\/.+?\.(?:ya?ml|json))\/./i.exec(id)?.[1];
  return spec ? byId.get(spec)?.route : undefined;
}

/** The page (route) most of the moved anchors went to. */
function mostCommonPage(targets: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const t of targets) {
    const route = t.split('#')[0]!;
    counts.set(route, (counts.get(route) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
}
