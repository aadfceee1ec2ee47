// The provenance stage: every page and section gets its last change (DESIGN §3): a page the
// newest change of the sources it lists, each section the newest change of its own sources.
// Index pages also get a scope, the newest change anywhere below them (children before parents,
// so the home page can take its repositories'). Repository root pages also get an overview.
// Every change is attributed (src/history/attribute.ts): a merge commit credits its merged
// branch's authors of the sources, its author is "merged by".

import { fillLink } from '../git/remote.ts';
import { attributeChange, attributionOf } from '../history/attribute.ts';
import { lastFolderChange } from '../history/noise.ts';
import { changesUnder, commitOf, orderOf, recent } from '../history/query.ts';
import type { SourceRef } from '../model/extracted.ts';
import type { Change, Commit, RepoHistory } from '../model/history.ts';
import type { HistoryEntry } from '../model/page.ts';
import type { RepoSnapshot } from '../model/snapshot.ts';
import type { PageProvenance, WikiProvenance, WikiTree } from '../model/wiki.ts';
import { childrenOf } from '../structure/index.ts';
import { changeOfSources, commitsOfSources, historyEntry, historyOfSources, newest, pathsIn, type Histories, type ProvenanceOptions } from './attach.ts';
import { overviewOf } from './overview.ts';

export { type Histories, type ProvenanceOptions } from './attach.ts';
export { fileAttribution, lineAttribution, type LineAttribution } from './lines.ts';

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
  const historyOfRepo = (repo: string | null) => (repo ? (histories.get(repo)?.history ?? null) : null);
  // Every file with line ranges blamed up front, one pass per repository.
  await prepareLines(tree, histories);

  // Pass 1: every page's and section's own last change as git gives it (noise skipped), and the
  // merge commits among them, the pages' recent changes and the folders' newest changes: their
  // merged branches are read in one batch per repository before anything is attributed.
  const firstPass = new Map<string, { change: Change; sections: Record<string, Change> }>();
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
    // A page answers for exactly the sources it lists (DESIGN §3).
    const change = page.sources.length > 0 ? await changeOfSources(page.sources, histories) : NO_SOURCES;
    const sections: Record<string, Change> = Object.create(null) as Record<string, Change>;
    for (const section of page.sections) sections[section.anchor] = await changeOfSources(section.sources, histories);
    firstPass.set(page.id, { change, sections });
    for (const s of page.sources) wantMerge(s.repo, change);
    for (const section of page.sections) for (const s of section.sources) wantMerge(s.repo, sections[section.anchor]!);
    for (const { commit, history } of commitsOfSources(page.sources, histories, limit)) wantMerge(history.repo, commit);
    const history = historyOfRepo(page.repo);
    if (node.folder !== null && history) {
      wantMerge(page.repo, lastFolderChange(history, node.folder));
      for (const c of changesUnder(history, node.folder, limit)) wantMerge(page.repo, c);
    }
  }
  for (const snapshot of input.snapshots) {
    const history = histories.get(snapshot.id)?.history;
    if (history && tree.repoRoots[snapshot.id] !== undefined) for (const c of recent(history, limit)) wantMerge(snapshot.id, c);
  }
  for (const [repo, shas] of merges) await histories.get(repo)?.loadMerges?.(shas);

  // Pass 2: attributed (merged branches' authors, merged by, pull request; bots after humans).
  const attribute = (change: Change, sources: readonly SourceRef[]): Change => {
    if (change.status !== 'known') return change;
    const history = [...new Set(sources.map((s) => s.repo))].map((r) => histories.get(r)?.history).find((h) => h && commitOf(h, change.commit.sha) !== null) ?? null;
    return attributeChange(history, change, history ? pathsIn(sources, history.repo) : []);
  };
  const pages: Record<string, PageProvenance> = Object.create(null) as Record<string, PageProvenance>;
  // `nodes` lists parents before children, so walking it backwards visits children first.
  for (let i = tree.nodes.length - 1; i >= 0; i--) {
    const node = tree.nodes[i]!;
    const { page } = node;
    const repo = page.repo;
    const history = historyOfRepo(repo) ?? undefined;
    const mine = firstPass.get(page.id)!;
    const change = attribute(mine.change, page.sources);

    const sections: Record<string, Change> = Object.create(null) as Record<string, Change>;
    for (const section of page.sections) sections[section.anchor] = attribute(mine.sections[section.anchor]!, section.sources);
    const own = historyOfSources(page.sources, histories, limit, options);

    // An index page (a folder's, a repository's, the home page) also says what changed anywhere
    // below it, labelled as such: for a folder, git's answer for the folder's files.
    let scope: PageProvenance['scope'] = null;
    if (node.folder !== null) {
      const path = node.folder === '' ? '' : `${node.folder}/`;
      scope = history
        ? {
            path,
            change: attributeChange(history, lastFolderChange(history, node.folder), []),
            history: changesUnder(history, node.folder, limit).map((c) => historyEntry(c, options, attributionOf(history, c, []), history.noise?.[c.sha])),
          }
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
