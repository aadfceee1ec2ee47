// The change history stage (issue 14): what each commit changed in each section. After extract
// (it needs the sections of today) and history (the versions of each source), before structure
// (its API changes pages are pages of the wiki). Per repository:
//   1. sources with a history: documents, API descriptions, configuration files (their versions:
//      the blobs the history index recorded), TypeScript packages (their release tags);
//   2. consecutive versions compared by the engines, each pair once (kept in the store by its
//      blob ids), blobs streamed from one `git cat-file --batch`;
//   3. every finding located on the section it belongs to today (or on the API changes page, for
//      removed API entities), in history order: records for `livewiki.json`'s changelog, and per
//      section its recent changes for the page.
// Plain data out; commits by sha (the history stage's data has the rest).
import type { Store } from '../cache/index.ts';
import { fillLink } from '../git/remote.ts';
import type { GitRepo } from '../git/repo.ts';
import type { ExtractedRepo } from '../extract/index.ts';
import type { SemanticHistory, SectionHistory } from '../model/changes.ts';
import type { Diagnostics } from '../model/diagnostics.ts';
import type { RepoHistory } from '../model/history.ts';
import type { RepoFiles, RepoSnapshot } from '../model/snapshot.ts';
import type { TemplateRenderer } from '../model/templates.ts';
import { apiChangesPages, apiChangesRoute, planApiPage, type ApiPagePlan } from './api-pages.ts';
import { byHistory, placeEvents, sectionHistories, type ChangeEvent, type Placed } from './attach.ts';
import { viewKey } from './engines.ts';
import { followSources, type FollowStats } from './follow.ts';
import { homeKey, listSources, type Source } from './sources.ts';
import { readTags, type RepoTag } from './tags.ts';
import { releaseTags } from './typescript.ts';
import { typescriptHistory, type PackageHistory } from './typescript-history.ts';

export interface ChangesRepo {
  snapshot: RepoSnapshot;
  git: GitRepo;
  files: RepoFiles;
  extracted: ExtractedRepo;
  history: RepoHistory;
}

export interface ChangesOptions {
  /** Changes of each source compared, newest first (Infinity: all of them). */
  depth: number;
  /** Newest release tags whose TypeScript API is compared (0: none). */
  releases: number;
  /** A breaking change among this many newest versions of a source is "recent" (the badge). */
  recent: number;
}

export interface ChangesContext {
  templates: TemplateRenderer;
  store: Store | null;
  diagnostics: Diagnostics;
}

interface RepoResult {
  placed: Placed[];
  sections: SemanticHistory['sections'];
  units: SemanticHistory['units'];
}

async function repoChanges(r: ChangesRepo, options: ChangesOptions, ctx: ChangesContext, stats: FollowStats): Promise<RepoResult> {
  const { history, snapshot } = r;
  const empty: RepoResult = { placed: [], sections: {}, units: [] };
  if (history.failure !== null) return empty;
  // Nothing to compare (`changes.depth: 0`, no releases; `livewiki diff`'s models): not even the tags are read.
  if (options.depth <= 0 && options.releases <= 0) return empty;
  const sources = listSources(r.extracted, snapshot, r.files);
  if (sources.length === 0) return empty;

  let tags: RepoTag[] = [];
  const needTags = sources.some((s) => s.kind === 'openapi' || s.kind === 'typescript');
  if (needTags) {
    const read = await readTags(r.git, history);
    if (read === null) ctx.diagnostics.warn('W_CHANGES_TAGS', 'the release tags could not be read', { repo: snapshot.id });
    tags = read ?? [];
  }
  const releases = releaseTags(tags.map((t) => t.tag));

  // File sources, pair by pair.
  const events: ChangeEvent[] = [];
  const followed = await followSources(r.git, history, sources, { depth: options.depth, store: ctx.store, diagnostics: ctx.diagnostics, stats });
  for (const { source, versions, results } of followed) {
    const n = versions.pairs.length;
    versions.pairs.forEach((pair, i) => {
      const result = results[i];
      if (!result) return;
      for (const found of result.found) {
        events.push({
          source,
          home: homeKey(found.sectionKind, found.key),
          position: pair.after.position,
          commit: pair.after.commit,
          release: null,
          found,
          view: result.views[viewKey(found.sectionKind, found.key)] ?? '',
          recent: i >= n - options.recent,
        });
      }
    });
  }

  // TypeScript packages, release by release.
  const packages = new Map<Source, PackageHistory>();
  for (const source of sources) {
    if (source.kind !== 'typescript' || options.releases <= 0 || tags.length === 0) continue;
    const h = await typescriptHistory(source, { git: r.git, history, files: { ...r.files, root: snapshot.root }, tags, releases: options.releases, store: ctx.store, diagnostics: ctx.diagnostics });
    if (!h) continue;
    packages.set(source, h);
    const recentFrom = new Set([...new Set(h.events.map((e) => e.release))].slice(-options.recent));
    for (const e of h.events) {
      events.push({ source, home: homeKey('symbol', e.id), position: e.position, commit: e.commit, release: e.release, found: e.found, view: e.view, recent: recentFrom.has(e.release) });
    }
  }

  events.sort(byHistory);

  // API changes pages: which part lists which commit, so records can point at it.
  const plans = new Map<Source, ApiPagePlan>();
  const compared = new Map(followed.map((f) => [f.source, f.versions.pairs.length]));
  for (const source of sources) {
    // A spec with one version so far has no changes to list (its page appears with the second).
    if (source.kind !== 'openapi' || (compared.get(source) ?? 0) === 0) continue;
    const commits = [...new Set(events.filter((e) => e.source === source).map((e) => e.commit.sha))];
    plans.set(source, planApiPage(source, commits));
  }
  const placed = placeEvents(events, (source, sha) => {
    const plan = plans.get(source);
    return plan ? apiChangesRoute(plan.base, plan.part.get(sha) ?? 0) : null;
  });

  const historyUrl = (path: string): string | null => (snapshot.head ? fillLink(snapshot.links.history, { sha: snapshot.head, path }) : null);
  const extra = (source: Source, home: string): Partial<SectionHistory> => {
    const h = source.homes.get(home);
    const plan = plans.get(source);
    const pkg = packages.get(source);
    const id = home.slice(home.indexOf('\0') + 1);
    return {
      historyUrl: h ? historyUrl(h.path) : null,
      changesRoute: plan ? apiChangesRoute(plan.base, 0) : null,
      ...(pkg ? { since: pkg.since[id] ?? null, unreleased: !Object.hasOwn(pkg.since, id) } : {}),
    };
  };
  const sections = sectionHistories(placed, extra);
  // Symbols that did not change still say since when they exist.
  for (const source of packages.keys()) {
    for (const [key, home] of source.homes) {
      const page = (sections[home.pageId] ??= Object.create(null) as Record<string, SectionHistory>);
      page[home.anchor] ??= { entries: [], total: 0, breaking: false, since: null, unreleased: false, historyUrl: null, changesRoute: null, ...extra(source, key) };
    }
  }

  const units = [...plans].map(([source, plan]) =>
    apiChangesPages(
      plan,
      placed.filter((p) => p.event.source === source),
      tags,
      releases,
      ctx.templates,
    ),
  );
  return { placed, sections, units };
}

/** Merges per-repository lists (each newest first) by landed time, never reordering one repository's. */
function mergeNewestFirst(lists: Placed[][]): Placed[] {
  const out: Placed[] = [];
  const heads = lists.map(() => 0);
  for (;;) {
    let best = -1;
    for (let i = 0; i < lists.length; i++) {
      const candidate = lists[i]![heads[i]!];
      if (!candidate) continue;
      const current = best === -1 ? undefined : lists[best]![heads[best]!];
      if (!current || Date.parse(candidate.event.commit.committedAt) > Date.parse(current.event.commit.committedAt)) best = i;
    }
    if (best === -1) return out;
    out.push(lists[best]![heads[best]!]!);
    heads[best]! += 1;
  }
}

export async function semanticHistory(repos: ChangesRepo[], options: ChangesOptions, ctx: ChangesContext): Promise<SemanticHistory> {
  const results: RepoResult[] = [];
  const stats: FollowStats = { compared: 0, reused: 0, parsed: 0 };
  for (const r of repos) results.push(await repoChanges(r, options, ctx, stats));
  const sections: SemanticHistory['sections'] = Object.create(null) as SemanticHistory['sections'];
  for (const r of results) Object.assign(sections, r.sections);
  return {
    records: mergeNewestFirst(results.map((r) => r.placed)).map((p) => p.record),
    sections,
    units: results.flatMap((r) => r.units),
    stats,
  };
}
