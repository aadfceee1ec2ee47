// The provenance stage: every page and section gets its last change (DESIGN §3): a page the
// newest change of the sources it lists, each section the newest change of its own sources.
// Index pages also get a scope, the newest change anywhere below them (children before parents,
// so the home page can take its repositories'). Repository root pages also get an overview.

import { fillLink } from '../git/remote.ts';
import { changesUnder, lastChangeUnder, orderOf } from '../history/query.ts';
import type { Change, RepoHistory } from '../model/history.ts';
import type { HistoryEntry } from '../model/page.ts';
import type { RepoSnapshot } from '../model/snapshot.ts';
import type { PageProvenance, WikiProvenance, WikiTree } from '../model/wiki.ts';
import { childrenOf } from '../structure/index.ts';
import { changeOfSources, historyEntry, historyOfSources, newest, type Histories, type ProvenanceOptions } from './attach.ts';
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

const NO_SOURCES: Change = { status: 'unknown', reason: 'this page has no source of its own' };

/** Every file with line ranges is blamed up front: one pass per repository (src/history/log-blame.ts). */
async function prepareLines(tree: WikiTree, histories: Histories): Promise<void> {
  const byRepo = new Map<string, Set<string>>();
  for (const { page } of tree.nodes) {
    for (const src of [...page.sources, ...page.sections.flatMap((s) => s.sources)]) {
      if (!src.lines) continue;
      const set = byRepo.get(src.repo) ?? new Set<string>();
      set.add(src.path);
      byRepo.set(src.repo, set);
    }
  }
  for (const [repo, paths] of byRepo) await histories.get(repo)?.lines.prepare([...paths]);
}

export async function attachProvenance(input: ProvenanceInput): Promise<WikiProvenance> {
  const { tree, histories, recent: limit, options } = input;
  const snapshots = new Map(input.snapshots.map((s) => [s.id, s]));
  const pages: Record<string, PageProvenance> = Object.create(null) as Record<string, PageProvenance>;
  const historyOfRepo = (repo: string | null) => (repo ? (histories.get(repo)?.history ?? null) : null);
  await prepareLines(tree, histories);
  // `nodes` lists parents before children, so walking it backwards visits children first.
  for (let i = tree.nodes.length - 1; i >= 0; i--) {
    const node = tree.nodes[i]!;
    const { page } = node;
    const repo = page.repo;
    const history = historyOfRepo(repo) ?? undefined;
    // A page answers for exactly the sources it lists (DESIGN §3).
    const change = page.sources.length > 0 ? await changeOfSources(page.sources, histories) : NO_SOURCES;

    const sections: Record<string, Change> = Object.create(null) as Record<string, Change>;
    for (const section of page.sections) sections[section.anchor] = await changeOfSources(section.sources, histories);
    const own = historyOfSources(page.sources, histories, limit, options);

    // An index page (a folder's, a repository's, the home page) also says what changed anywhere
    // below it, labelled as such: for a folder, git's answer for the folder's files.
    let scope: PageProvenance['scope'] = null;
    if (node.folder !== null) {
      const path = node.folder === '' ? '' : `${node.folder}/`;
      scope = history
        ? { path, change: lastChangeUnder(history, node.folder), history: changesUnder(history, node.folder, limit).map((c) => historyEntry(c, options)) }
        : { path, change: change.status === 'unknown' ? change : { status: 'unknown', reason: 'the repository has no history' }, history: [] };
    } else if (page.kind === 'home') {
      const children = childrenOf(tree, node).map((c) => ({ node: c, prov: pages[c.page.id]! }));
      scope = {
        path: null,
        change: newest(children.map((c) => ({ change: c.prov.scope?.change ?? c.prov.change, history: historyOfRepo(c.node.page.repo) }))),
        history: mergeHistories(
          children.map((c) => c.prov.scope?.history ?? c.prov.history),
          new Set(children.map((c) => c.node.page.repo)).size === 1 ? (historyOfRepo(children[0]!.node.page.repo) ?? undefined) : undefined,
          limit,
        ),
      };
    }

    const snapshot = repo ? snapshots.get(repo) : undefined;
    const only = page.sources.length === 1 ? page.sources[0] : undefined;
    const historyUrl = snapshot && only && snapshot.head ? fillLink(snapshot.links.history, { sha: snapshot.head, path: only.path }) : null;
    pages[page.id] = { change, scope, sections, history: own, historyUrl };
  }

  const overviews: WikiProvenance['overviews'] = Object.create(null) as WikiProvenance['overviews'];
  for (const snapshot of input.snapshots) {
    const history = histories.get(snapshot.id)?.history;
    if (history && tree.repoRoots[snapshot.id] !== undefined) overviews[snapshot.id] = overviewOf(snapshot, history, limit, options);
  }
  return { pages, overviews };
}
