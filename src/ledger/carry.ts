// Carries the previous ledger into this build: URLs still served stay live; a URL whose content
// moved (same entity under a new route, a renamed file, sections now on another page) becomes a
// redirect; a URL whose source could not be read this build (a repository that could not be
// opened, a file that failed) stays as "source unavailable"; anything else becomes a tombstone
// naming the change that removed it. Every anchor ever published keeps answering: on its page,
// at its section's new home, or listed as "no longer on this page" with who removed it and when.
//
// Nothing read from the previous ledger is taken on trust: removals are re-derived from the
// history (only the commit id is carried), a tombstone the history cannot account for is dropped,
// and redirects only ever point at routes of this build.

import { changesOf, commitOf, formerPaths, isBoundary, orderOf } from '../history/query.ts';
import type { Commit, RepoHistory } from '../model/history.ts';
import type { Page, Section } from '../model/page.ts';
import { httpUrl, type Ledger, type LedgerAnchor, type LedgerEntry, type Removal } from './ledger.ts';

/** A source file that failed in this build (its first error or warning). */
export interface SourceFailure {
  code: string;
  path: string;
  line?: number;
}

export interface CarryContext {
  /** Tracked paths of each repository read in this build, by repository id. */
  tracked: ReadonlyMap<string, ReadonlySet<string>>;
  /** False when some configured repository could not be read: pages of repositories not read are kept as unavailable. */
  allReposRead: boolean;
  /** Files with an error or warning in this build, by `repo\0path`. */
  failures: ReadonlyMap<string, SourceFailure>;
}

export type Unavailable = { entry: LedgerEntry; because: 'repository' } | { entry: LedgerEntry; because: 'source'; failure: SourceFailure };

/** An anchor a live page no longer has: where it went, or who removed it. */
export interface LostAnchor {
  anchor: LedgerAnchor;
  /** Its `id` on the page listing it (the anchor itself unless the page uses that id already). */
  id: string;
  to: string | null;
  removed: Removal | null;
}

export interface LedgerResult {
  ledger: Ledger;
  /** Routes that answer with a redirect: target route and per-anchor targets (every anchor has one). */
  redirects: { entry: LedgerEntry; moves: Record<string, string>; gone: string[] }[];
  tombstones: LedgerEntry[];
  unavailable: Unavailable[];
  /** Live routes listing anchors that are not on them (their own lost ones, or a redirected page's). */
  lostAnchors: Record<string, LostAnchor[]>;
  /** Entries of the previous ledger that were dropped, and why. */
  dropped: { route: string; why: string }[];
}

const EVERYTHING_READ: CarryContext = { tracked: new Map(), allReposRead: true, failures: new Map() };

/** Kinds whose identity includes their file: a heading or key of the same name elsewhere is another section. */
const FILE_KINDS = new Set(['heading', 'config-key']);

function identity(repo: string | null, kind: string, key: string, file: string | undefined): string {
  return `${repo ?? ''}\0${kind}\0${key}\0${FILE_KINDS.has(kind) ? (file ?? '') : ''}`;
}

const fileOfSection = (s: Section): string | undefined => (FILE_KINDS.has(s.kind) ? s.sources[0]?.path : undefined);

function uniquePaths(page: Page): string[] {
  return [...new Set(page.sources.map((s) => s.path))];
}

/** Source paths of an entry written before entries recorded them, from its page id. */
function derivedSources(entry: LedgerEntry): string[] {
  if (entry.sources) return entry.sources;
  const m = /^[^/]+\/(doc|config|openapi)\/(.+)$/.exec(entry.id);
  if (!m) return [];
  if (m[1] === 'doc') return [m[2]!];
  if (m[1] === 'config') return [m[2]!.replace(/\/part-\d+$/, '')];
  const spec = /^(.+?\.(?:ya?ml|json))(?:\/|$)/i.exec(m[2]!);
  return spec ? [spec[1]!] : [];
}

function fromCommit(c: Commit): Removal {
  return { commit: c.sha, subject: c.subject, authors: [c.author.name, ...c.coAuthors.map((p) => p.name)], committedAt: c.committedAt, url: httpUrl(c.url) };
}

/** A carried removal, re-made from the history (only its commit id is kept); as read when the history is not at hand. */
function verified(removal: Removal | undefined, history: RepoHistory | undefined): Removal | null {
  if (!removal) return null;
  if (!history) return removal;
  if (!removal.commit || isBoundary(history, removal.commit)) return null;
  const commit = commitOf(history, removal.commit);
  return commit ? fromCommit(commit) : null;
}

/** The newest change (history order) of any of `paths`. */
function newestChange(history: RepoHistory | undefined, paths: readonly string[]): Removal | null {
  if (!history) return null;
  let best: Commit | null = null;
  for (const path of paths) {
    const c = changesOf(history, path, 1)[0];
    if (c && (best === null || orderOf(history, c.sha) < orderOf(history, best.sha))) best = c;
  }
  return best ? fromCommit(best) : null;
}

const laterNames = new WeakMap<RepoHistory, Map<string, string>>();

/** Former name → the name it had last (a file renamed away, then maybe deleted under its new name). */
function laterNameOf(history: RepoHistory): Map<string, string> {
  let names = laterNames.get(history);
  if (!names) {
    names = new Map();
    for (const [path, former] of Object.entries(history.former)) for (const name of former) if (!names.has(name)) names.set(name, path);
    laterNames.set(history, names);
  }
  return names;
}

/** The names under which the history knows a path's changes: itself, and the name it was renamed to. */
function namesOf(history: RepoHistory | undefined, path: string): string[] {
  const later = history ? laterNameOf(history).get(path) : undefined;
  return later === undefined ? [path] : [path, later];
}

/** Whether a complete history knows nothing of an entry's sources (a forged or foreign entry). */
function unknownToHistory(entry: LedgerEntry, sources: string[], history: RepoHistory | undefined): boolean {
  if (!history || history.shallow || history.failure !== null) return false;
  const known = (p: string) => Object.hasOwn(history.changes, p) || laterNameOf(history).has(p);
  if (sources.length > 0) return !sources.some(known);
  const dir = /^[^/]+\/dir\/(.+)$/.exec(entry.id)?.[1];
  const inDir = (p: string) => p.startsWith(`${dir}/`);
  return dir !== undefined && !Object.keys(history.changes).some(inDir) && ![...laterNameOf(history).keys()].some(inDir);
}

export function carryLedger(previous: Ledger | null, current: Page[], histories: ReadonlyMap<string, RepoHistory>, context: CarryContext = EVERYTHING_READ): LedgerResult {
  const byRoute = new Map(current.map((p) => [p.route, p]));
  const byId = new Map(current.map((p) => [p.id, p]));
  const sectionHome = new Map<string, string>();
  for (const p of current) for (const s of p.sections) sectionHome.set(identity(p.repo, s.kind, s.key, fileOfSection(s)), `${p.route}#${s.anchor}`);

  // Renamed files: each former path points at its path now (unless the former path is back in use).
  const pagesByPath = new Map<string, Page[]>();
  for (const p of current) {
    for (const path of uniquePaths(p)) {
      const key = `${p.repo ?? ''}\0${path}`;
      const list = pagesByPath.get(key) ?? [];
      list.push(p);
      pagesByPath.set(key, list);
    }
  }
  const renamedTo = new Map<string, string>();
  for (const key of pagesByPath.keys()) {
    const [repo, path] = key.split('\0') as [string, string];
    const history = histories.get(repo);
    if (history) for (const former of formerPaths(history, path)) if (!pagesByPath.has(`${repo}\0${former}`)) renamedTo.set(`${repo}\0${former}`, path);
  }
  const pathNow = (repo: string | null, path: string): string => renamedTo.get(`${repo ?? ''}\0${path}`) ?? path;

  const entries = new Map<string, LedgerEntry>();
  for (const p of current) {
    const sources = uniquePaths(p);
    entries.set(p.route, {
      route: p.route,
      id: p.id,
      title: p.title,
      repo: p.repo,
      state: 'live',
      anchors: p.sections.map((s) => {
        const file = fileOfSection(s);
        return { anchor: s.anchor, kind: s.kind, key: s.key, ...(file !== undefined ? { file } : {}) };
      }),
      ...(sources.length > 0 ? { sources } : {}),
    });
  }

  const redirects: LedgerResult['redirects'] = [];
  const tombstones: LedgerEntry[] = [];
  const unavailable: Unavailable[] = [];
  const dropped: LedgerResult['dropped'] = [];
  const lostAnchors: LedgerResult['lostAnchors'] = Object.create(null) as LedgerResult['lostAnchors'];

  // Ids in use on each live page, so a listed anchor never shadows a section of the page; and the
  // sections each page lists already (a section that came by two routes is listed once).
  const idsOn = new Map<string, Set<string>>();
  const listed = new Map<string, string>();
  const listLost = (route: string, anchor: LedgerAnchor, to: string | null, removed: Removal | null, sameAs: string): string => {
    const known = listed.get(`${route}\0${sameAs}`);
    if (known !== undefined) return known;
    let ids = idsOn.get(route);
    if (!ids) {
      ids = new Set(['lw-lost', ...(byRoute.get(route)?.sections.map((s) => s.anchor) ?? [])]);
      idsOn.set(route, ids);
    }
    let id = anchor.anchor;
    for (let n = 1; ids.has(id); n++) id = `${anchor.anchor}-lost${n === 1 ? '' : `-${n}`}`;
    ids.add(id);
    listed.set(`${route}\0${sameAs}`, id);
    (lostAnchors[route] ??= []).push({ anchor, id, to, removed });
    return id;
  };

  // Live routes first: a page's own lost anchors keep their ids; anchors of pages redirected to it
  // get another id when theirs is taken (their redirect names it).
  const olds = [...(previous?.entries ?? [])].sort((a, b) => Number(!byRoute.has(a.route)) - Number(!byRoute.has(b.route)));
  for (const old of olds) {
    const history = old.repo ? histories.get(old.repo) : undefined;
    const sources = derivedSources(old);
    /** The anchor's section identity today (its file followed through renames). */
    const idOf = (a: LedgerAnchor): string => {
      const file = FILE_KINDS.has(a.kind) ? (a.file ?? sources[0]) : undefined;
      return identity(old.repo, a.kind, a.key, file === undefined ? undefined : pathNow(old.repo, file));
    };
    const homeOf = (a: LedgerAnchor): string | null => sectionHome.get(idOf(a)) ?? null;
    // A page that was removed and is back: the sections it did not bring back went with its removal.
    const pageRemoval = old.state === 'tombstone' ? verified(old.removed, history) : null;

    const live = byRoute.get(old.route);
    if (live) {
      // Still served: anchors that disappeared keep answering on the page itself.
      const entry = entries.get(old.route)!;
      const have = new Set(entry.anchors.map((a) => a.anchor));
      for (const a of old.anchors) {
        if (have.has(a.anchor)) continue;
        have.add(a.anchor);
        const to = homeOf(a);
        const removed = to ? null : (verified(a.removed, history) ?? pageRemoval ?? newestChange(history, uniquePaths(live)));
        const carried: LedgerAnchor = { anchor: a.anchor, kind: a.kind, key: a.key, ...(a.file !== undefined ? { file: a.file } : {}), ...(removed ? { removed } : {}) };
        listLost(old.route, carried, to, removed, idOf(a));
        entry.anchors.push(carried);
      }
      continue;
    }

    // A repository that could not be read this build: its pages wait, neither moved nor removed.
    const repoUnread = old.repo !== null && !histories.has(old.repo) && !context.allReposRead;
    if (repoUnread) {
      const entry: LedgerEntry = { ...old };
      if (old.state === 'live' || old.state === 'unavailable') {
        entry.state = 'unavailable';
        delete entry.to;
        delete entry.removed;
        unavailable.push({ entry, because: 'repository' });
      } else if (old.state === 'tombstone') {
        tombstones.push(entry);
      }
      // Redirects are settled below, once every route of this build is known.
      entries.set(old.route, entry);
      continue;
    }

    const moves: Record<string, string> = {};
    for (const a of old.anchors) {
      const to = homeOf(a);
      if (to) moves[a.anchor] = to;
    }
    const target =
      byId.get(old.id)?.route ??
      renamedTarget(old, sources) ??
      mostCommonPage(Object.values(moves)) ??
      apiOverviewOf(old.id, byId) ??
      (old.state === 'redirect' && old.to && byRoute.has(old.to) ? old.to : undefined);
    if (target) {
      // Anchors without a new home are listed on the target page, with who removed them.
      const gone: string[] = [];
      const anchors = old.anchors.map((a) => {
        if (moves[a.anchor]) {
          const { removed: _, ...kept } = a;
          return kept;
        }
        const removed = verified(a.removed, history) ?? pageRemoval ?? newestChange(history, uniquePaths(byRoute.get(target)!));
        const carried: LedgerAnchor = { ...a, ...(removed ? { removed } : {}) };
        if (!removed) delete carried.removed;
        moves[a.anchor] = `${target}#${listLost(target, carried, null, removed, idOf(a))}`;
        gone.push(a.anchor);
        return carried;
      });
      const entry: LedgerEntry = { ...old, anchors, state: 'redirect', to: target };
      delete entry.removed;
      entries.set(old.route, entry);
      redirects.push({ entry, moves, gone });
      continue;
    }

    // Its source is still there but failed this build: kept, with the error, never "removed".
    const tracked = old.repo ? context.tracked.get(old.repo) : undefined;
    const dir = /^[^/]+\/dir\/(.+)$/.exec(old.id)?.[1];
    const failure =
      old.state !== 'live' && old.state !== 'unavailable'
        ? undefined
        : dir !== undefined
          ? // A folder's index: gone only because what it listed failed.
            [...context.failures.entries()].find(([key, f]) => key.startsWith(`${old.repo}\0`) && f.path.startsWith(`${dir}/`) && tracked?.has(f.path))?.[1]
          : sources.map((p) => pathNow(old.repo, p)).flatMap((p) => (tracked?.has(p) ? [context.failures.get(`${old.repo}\0${p}`)] : [])).find((f) => f !== undefined);
    if (failure) {
      const entry: LedgerEntry = { ...old, state: 'unavailable' };
      delete entry.to;
      delete entry.removed;
      entries.set(old.route, entry);
      unavailable.push({ entry, because: 'source', failure });
      continue;
    }

    // A folder's index went with the last file deleted from it (files renamed out of it have no date of leaving).
    const touched =
      dir !== undefined && history ? Object.keys(history.changes).filter((p) => p.startsWith(`${dir}/`) && !tracked?.has(p)) : sources.flatMap((p) => namesOf(history, p));
    const removed = verified(old.removed, history) ?? newestChange(history, touched);
    if (!removed && unknownToHistory(old, sources, history)) {
      dropped.push({ route: old.route, why: 'the history has no trace of its source' });
      continue;
    }
    const entry: LedgerEntry = { ...old, state: 'tombstone', ...(removed ? { removed } : {}) };
    if (!removed) delete entry.removed;
    delete entry.to;
    entries.set(old.route, entry);
    tombstones.push(entry);
  }

  // Redirects of repositories not read this build: kept while their target still answers.
  const settled = new Set(redirects.map((r) => r.entry));
  for (const entry of entries.values()) {
    if (entry.state !== 'redirect' || settled.has(entry)) continue;
    const target = entry.to ? entries.get(entry.to) : undefined;
    if (target && (target.state === 'live' || target.state === 'unavailable')) {
      redirects.push({ entry, moves: {}, gone: [] });
    } else {
      entry.state = 'unavailable';
      delete entry.to;
      unavailable.push({ entry, because: 'repository' });
    }
  }

  return { ledger: { schemaVersion: 1, entries: [...entries.values()] }, redirects, tombstones, unavailable, lostAnchors, dropped };

  /** The page a renamed file's page lives at now: the same id with the new path, else the file's first page. */
  function renamedTarget(old: LedgerEntry, sources: string[]): string | undefined {
    for (const path of sources) {
      const now = pathNow(old.repo, path);
      if (now === path) continue;
      const sameId = byId.get(old.id.replace(path, now));
      if (sameId) return sameId.route;
      const pages = pagesByPath.get(`${old.repo ?? ''}\0${now}`);
      if (pages && pages.length > 0) return [...pages].sort((a, b) => (a.route < b.route ? -1 : 1))[0]!.route;
    }
    return undefined;
  }
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
