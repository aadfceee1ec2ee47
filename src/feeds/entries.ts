// Feed entries (issue 15.2): one per landed change (a commit on the first-parent chain) that
// changed a published page's sources, newest first in history order, with its pull request,
// tickets, authors, the pages it changed and the sections whose last change it still is, and the
// API changes it made to a specification (breaking ones marked, by the change engine). Scopes:
// the whole wiki, each repository, each CODEOWNERS owner, each API specification.

import { orderOf } from '../history/query.ts';
import type { Commit, CommitRefs, RepoHistory } from '../model/history.ts';
import type { Page, ProvenanceAuthor } from '../model/page.ts';
import { authorsOf, type ProvenanceOptions } from '../provenance/attach.ts';
import { redact } from '../secrets/index.ts';
import { changesAt, type DiffContext } from '../stale/index.ts';

export interface FeedEntry {
  repo: string;
  sha: string;
  commitUrl: string | null;
  committedAt: string;
  authoredAt: string;
  subject: string;
  refs: CommitRefs;
  authors: ProvenanceAuthor[];
  /** Site route (with `#anchor` for a section) the entry links to. */
  route: string;
  pages: { title: string; route: string }[];
  sections: { title: string; route: string; page: string }[];
  api: { key: string; summary: string; breaking: boolean }[];
  breaking: boolean;
  /** History position within its repository (ties across repositories). */
  order: number;
}

export interface RepoFeedInput {
  id: string;
  history: RepoHistory;
  diff: DiffContext;
}

/** Entries per feed. */
export const FEED_SIZE = 50;
const MAX_LISTED = 20;

/** Positions (history order) of the changes of a set of paths, newest first. */
function positionsOf(h: RepoHistory, paths: Iterable<string>): number[] {
  const boundary = new Set(h.boundary.map((sha) => orderOf(h, sha)));
  const out = new Set<number>();
  for (const p of paths) for (const i of Object.hasOwn(h.changes, p) ? h.changes[p]! : []) if (!boundary.has(i)) out.add(i);
  return [...out].sort((a, b) => a - b);
}

/** Builds entries lazily: only the commits some feed shows are looked at. */
export class EntryIndex {
  private readonly made = new Map<string, Promise<FeedEntry>>();
  private readonly pathPages = new Map<string, Map<string, Page[]>>();

  private readonly records: readonly Page[];
  private readonly repos: ReadonlyMap<string, RepoFeedInput>;
  private readonly options: ProvenanceOptions;

  constructor(records: readonly Page[], repos: ReadonlyMap<string, RepoFeedInput>, options: ProvenanceOptions) {
    this.records = records;
    this.repos = repos;
    this.options = options;
    for (const page of records) {
      for (const s of page.sources) {
        let byPath = this.pathPages.get(s.repo);
        if (!byPath) this.pathPages.set(s.repo, (byPath = new Map()));
        const list = byPath.get(s.path) ?? [];
        if (!list.includes(page)) list.push(page);
        byPath.set(s.path, list);
      }
    }
  }

  /** Paths of a repository that back some page. */
  pagePaths(repo: string): string[] {
    return [...(this.pathPages.get(repo)?.keys() ?? [])].sort();
  }

  /** The newest `FEED_SIZE` entries for changes of `paths` in `repo`. */
  async newest(repo: string, paths: Iterable<string>, limit = FEED_SIZE): Promise<FeedEntry[]> {
    const input = this.repos.get(repo);
    if (!input) return [];
    const positions = positionsOf(input.history, paths).slice(0, limit);
    const out: FeedEntry[] = [];
    for (const i of positions) out.push(await this.entry(input, input.history.commits[i]!, i));
    return out;
  }

  private entry(input: RepoFeedInput, commit: Commit, order: number): Promise<FeedEntry> {
    const key = `${input.id}\u0000${commit.sha}`;
    let e = this.made.get(key);
    if (!e) {
      e = this.make(input, commit, order);
      this.made.set(key, e);
    }
    return e;
  }

  private async make(input: RepoFeedInput, c: Commit, order: number): Promise<FeedEntry> {
    const byPath = this.pathPages.get(input.id) ?? new Map<string, Page[]>();
    const changedPaths = [...byPath.keys()].filter((p) => (input.history.changes[p] ?? []).includes(order)).sort();
    const pages = new Map<string, Page>();
    for (const p of changedPaths) for (const page of byPath.get(p)!) pages.set(page.id, page);
    const ordered = this.records.filter((p) => pages.has(p.id));
    const sections = ordered.flatMap((p) => p.sections.filter((s) => s.provenance?.commit === c.sha).map((s) => ({ title: s.title, route: `${p.route}#${s.anchor}`, page: p.title })));
    const api: FeedEntry['api'] = [];
    const specs = new Set(ordered.filter((p) => p.kind === 'openapi').map((p) => p.sources[0]?.path).filter((p): p is string => p !== undefined && changedPaths.includes(p)));
    for (const spec of [...specs].sort()) {
      for (const ch of await changesAt(input.diff, 'openapi', spec, c)) api.push({ key: ch.key, summary: redact(ch.summary), breaking: ch.breaking === true });
    }
    api.sort((a, b) => Number(b.breaking) - Number(a.breaking));
    return {
      repo: input.id,
      sha: c.sha,
      commitUrl: c.url,
      committedAt: c.committedAt,
      authoredAt: c.authoredAt,
      subject: redact(c.subject),
      refs: c.refs,
      authors: authorsOf(c, this.options),
      route: sections[0]?.route ?? ordered[0]?.route ?? '/',
      pages: ordered.slice(0, MAX_LISTED).map((p) => ({ title: p.title, route: p.route })),
      sections: sections.slice(0, MAX_LISTED),
      api: api.slice(0, MAX_LISTED),
      breaking: api.some((a) => a.breaking),
      order,
    };
  }
}

/** Entries of several repositories merged: newest landed first, each repository's history order kept. */
export function mergeEntries(lists: FeedEntry[][], limit = FEED_SIZE): FeedEntry[] {
  const heads = lists.map(() => 0);
  const out: FeedEntry[] = [];
  while (out.length < limit) {
    let best = -1;
    for (let i = 0; i < lists.length; i++) {
      const e = lists[i]![heads[i]!];
      if (!e) continue;
      const b = best < 0 ? null : lists[best]![heads[best]!]!;
      if (!b || e.committedAt > b.committedAt || (e.committedAt === b.committedAt && e.repo < b.repo)) best = i;
    }
    if (best < 0) break;
    out.push(lists[best]![heads[best]!]!);
    heads[best]!++;
  }
  return out;
}
