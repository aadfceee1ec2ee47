// The provenance stage: every page and section gets its last change (DESIGN §3), children before
// parents: a page takes the newest change of its own sources and its children; each section the
// newest change of its own sources. Repository root pages also get an overview.

import { fillLink } from '../git/remote.ts';
import { orderOf } from '../history/query.ts';
import type { Change, RepoHistory } from '../model/history.ts';
import type { HistoryEntry } from '../model/page.ts';
import type { RepoSnapshot } from '../model/snapshot.ts';
import type { PageProvenance, WikiProvenance, WikiTree } from '../model/wiki.ts';
import { childrenOf } from '../structure/index.ts';
import { changeOfSources, historyOfSources, newest, type Histories, type ProvenanceOptions } from './attach.ts';
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
  const pages: Record<string, PageProvenance> = Object.create(null) as Record<string, PageProvenance>;
  // `nodes` lists parents before children, so walking it backwards visits children first.
  for (let i = tree.nodes.length - 1; i >= 0; i--) {
    const node = tree.nodes[i]!;
    const { page } = node;
    const repo = page.repo;
    const history = repo ? histories.get(repo)?.history : undefined;
    const children = childrenOf(tree, node).map((c) => ({ node: c, prov: pages[c.page.id]! }));
    const candidates: { change: Change; history: RepoHistory | null }[] = [];
    if (page.sources.length > 0) candidates.push({ change: await changeOfSources(page.sources, histories), history: history ?? null });
    for (const c of children) candidates.push({ change: c.prov.change, history: c.node.page.repo ? (histories.get(c.node.page.repo)?.history ?? null) : null });
    const change = candidates.length > 0 ? newest(candidates) : { status: 'unknown' as const, reason: 'this page has no sources' };

    const sections: Record<string, Change> = Object.create(null) as Record<string, Change>;
    for (const section of page.sections) sections[section.anchor] = await changeOfSources(section.sources, histories);

    const own = historyOfSources(page.sources, histories, limit, options);
    const sameRepo = children.every((c) => c.node.page.repo === repo);
    const pageHistory = children.length > 0 ? mergeHistories([own, ...children.map((c) => c.prov.history)], sameRepo ? history : undefined, limit) : own;

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
