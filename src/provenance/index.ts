// The provenance stage: every page and section gets its last change (DESIGN §3), children before
// parents: a page takes the newest change of its own sources and its children; each section the
// newest change of its own sources. Repository root pages also get an overview.

import { fillLink } from '../git/remote.ts';
import { attributeChange } from '../history/attribute.ts';
import { commitOf, orderOf, recent } from '../history/query.ts';
import type { Change, Commit, RepoHistory } from '../model/history.ts';
import type { SourceRef } from '../model/extracted.ts';
import type { HistoryEntry } from '../model/page.ts';
import type { RepoSnapshot } from '../model/snapshot.ts';
import type { PageProvenance, WikiProvenance, WikiTree } from '../model/wiki.ts';
import { childrenOf } from '../structure/index.ts';
import { changeOfSources, commitsOfSources, historyOfSources, newest, pathsIn, type Histories, type ProvenanceOptions } from './attach.ts';
import { overviewOf } from './overview.ts';

export { type Histories, type ProvenanceOptions } from './attach.ts';
export { lineAttribution, type LineAttribution } from './lines.ts';

export interface ProvenanceInput {
  tree: WikiTree;
  snapshots: readonly RepoSnapshot[];
  histories: Histories;
  /** Changes listed per page. */
  recent: number;
  options: ProvenanceOptions;
}

function mergeHistories(lists: HistoryEntry[][], history: RepoHistory | undefined, limit: number): HistoryEntry[] {
  const byCommit = new Map<string, HistoryEntry>();
  for (const list of lists) for (const e of list) byCommit.set(e.commit, e);
  return [...byCommit.values()]
    .sort((a, b) => (history ? orderOf(history, a.commit) - orderOf(history, b.commit) : b.committedAt.localeCompare(a.committedAt) || a.commit.localeCompare(b.commit)))
    .slice(0, limit);
}

export async function attachProvenance(input: ProvenanceInput): Promise<WikiProvenance> {
  const { tree, histories, recent: limit, options } = input;
  const snapshots = new Map(input.snapshots.map((s) => [s.id, s]));

  // Pass 1: every page's and section's own last change, as git gives it, and the merge commits
  // among them and the pages' recent changes: their merged branches are read in one batch per
  // repository before anything is attributed.
  const own = new Map<string, { change: Change | null; sections: Record<string, Change> }>();
  const merges = new Map<string, Set<string>>();
  const wantMerge = (repo: string | null, change: Change | Commit | null): void => {
    const commit = change === null ? null : 'status' in change ? (change.status === 'known' ? change.commit : null) : change;
    if (!repo || !commit || commit.parents.length < 2) return;
    let set = merges.get(repo);
    if (!set) merges.set(repo, (set = new Set()));
    set.add(commit.sha);
  };
  for (const node of tree.nodes) {
    const { page } = node;
    const change = page.sources.length > 0 ? await changeOfSources(page.sources, histories) : null;
    const sections: Record<string, Change> = Object.create(null) as Record<string, Change>;
    for (const section of page.sections) sections[section.anchor] = await changeOfSources(section.sources, histories);
    own.set(page.id, { change, sections });
    for (const s of page.sources) wantMerge(s.repo, change);
    for (const section of page.sections) for (const s of section.sources) wantMerge(s.repo, sections[section.anchor]!);
    for (const { commit, history } of commitsOfSources(page.sources, histories, limit)) wantMerge(history.repo, commit);
  }
  for (const snapshot of input.snapshots) {
    const history = histories.get(snapshot.id)?.history;
    if (history && tree.repoRoots[snapshot.id] !== undefined) for (const c of recent(history, limit)) wantMerge(snapshot.id, c);
  }
  for (const [repo, shas] of merges) await histories.get(repo)?.loadMerges?.(shas);

  // Pass 2: attributed, children before parents (`nodes` lists parents first): a page takes the
  // newest change of its own sources and its children.
  const attribute = (change: Change, sources: readonly SourceRef[]): Change => {
    if (change.status !== 'known') return change;
    const history = [...new Set(sources.map((s) => s.repo))].map((r) => histories.get(r)?.history).find((h) => h && commitOf(h, change.commit.sha) !== null) ?? null;
    return attributeChange(history, change, history ? pathsIn(sources, history.repo) : []);
  };
  const pages: Record<string, PageProvenance> = Object.create(null) as Record<string, PageProvenance>;
  for (let i = tree.nodes.length - 1; i >= 0; i--) {
    const node = tree.nodes[i]!;
    const { page } = node;
    const repo = page.repo;
    const history = repo ? histories.get(repo)?.history : undefined;
    const children = childrenOf(tree, node).map((c) => ({ node: c, prov: pages[c.page.id]! }));
    const mine = own.get(page.id)!;
    const candidates: { change: Change; history: RepoHistory | null }[] = [];
    if (mine.change) candidates.push({ change: attribute(mine.change, page.sources), history: history ?? null });
    for (const c of children) candidates.push({ change: c.prov.change, history: c.node.page.repo ? (histories.get(c.node.page.repo)?.history ?? null) : null });
    const change = candidates.length > 0 ? newest(candidates) : { status: 'unknown' as const, reason: 'this page has no sources' };

    const sections: Record<string, Change> = Object.create(null) as Record<string, Change>;
    for (const section of page.sections) sections[section.anchor] = attribute(mine.sections[section.anchor]!, section.sources);

    const ownHistory = historyOfSources(page.sources, histories, limit, options);
    const sameRepo = children.every((c) => c.node.page.repo === repo);
    const pageHistory = children.length > 0 ? mergeHistories([ownHistory, ...children.map((c) => c.prov.history)], sameRepo ? history : undefined, limit) : ownHistory;

    const snapshot = repo ? snapshots.get(repo) : undefined;
    const only = page.sources.length === 1 ? page.sources[0] : undefined;
    const historyUrl = snapshot && only && snapshot.head ? fillLink(snapshot.links.history, { sha: snapshot.head, path: only.path }) : null;
    pages[page.id] = { change, sections, history: pageHistory, historyUrl };
  }

  const overviews: WikiProvenance['overviews'] = Object.create(null) as WikiProvenance['overviews'];
  for (const snapshot of input.snapshots) {
    const history = histories.get(snapshot.id)?.history;
    if (history && tree.repoRoots[snapshot.id] !== undefined) overviews[snapshot.id] = overviewOf(snapshot, history, limit, options);
  }
  return { pages, overviews };
}
