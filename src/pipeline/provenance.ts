// Provenance for the whole tree, children before parents: a page takes the newest change of its
// own sources and its children; each section takes the newest change of its own sources.

import type { HistoryEntry } from '../model/page.ts';
import { changeOfSources, historyOfSources, newest, type ProvenanceOptions } from '../provenance/attach.ts';
import type { Change, RepoHistory } from '../provenance/types.ts';
import type { RepoSource } from '../sources/open.ts';
import type { WikiTree } from './structure.ts';
import type { WikiPage } from './wiki.ts';

function mergeHistories(lists: HistoryEntry[][], history: RepoHistory | undefined, limit: number): HistoryEntry[] {
  const byCommit = new Map<string, HistoryEntry>();
  for (const list of lists) for (const e of list) byCommit.set(e.commit, e);
  return [...byCommit.values()]
    .sort((a, b) =>
      history ? history.order(a.commit) - history.order(b.commit) : b.committedAt.localeCompare(a.committedAt) || a.commit.localeCompare(b.commit),
    )
    .slice(0, limit);
}

async function attachOne(p: WikiPage, histories: Map<string, RepoHistory>, sources: Map<string, RepoSource>, limit: number, options: ProvenanceOptions): Promise<void> {
  const repo = p.page.repo;
  const history = repo ? histories.get(repo) : undefined;
  const candidates: { change: Change; history: RepoHistory | null }[] = [];
  if (p.page.sources.length > 0) candidates.push({ change: await changeOfSources(p.page.sources, histories), history: history ?? null });
  for (const c of p.children) candidates.push({ change: c.change, history: c.page.repo ? (histories.get(c.page.repo) ?? null) : null });
  p.change = candidates.length > 0 ? newest(candidates) : { status: 'unknown', reason: 'this page has no sources' };

  for (const section of p.page.sections) {
    p.sectionChanges.set(section.anchor, await changeOfSources(section.sources, histories));
  }

  const own = historyOfSources(p.page.sources, histories, limit, options);
  const sameRepo = p.children.every((c) => c.page.repo === repo);
  p.history = p.children.length > 0 ? mergeHistories([own, ...p.children.map((c) => c.history)], sameRepo ? history : undefined, limit) : own;

  const source = repo ? sources.get(repo) : undefined;
  const only = p.page.sources.length === 1 ? p.page.sources[0] : undefined;
  p.historyUrl = source && only ? source.historyUrl(only.path) : null;
}

export async function attachAll(tree: WikiTree, histories: Map<string, RepoHistory>, sources: RepoSource[], limit: number, options: ProvenanceOptions): Promise<void> {
  const byId = new Map(sources.map((s) => [s.id, s]));
  // Every file with line ranges is blamed up front, one pass per repository (history/log-blame.ts).
  const withLines = new Map<string, Set<string>>();
  for (const p of tree.all) {
    for (const src of [...p.page.sources, ...p.page.sections.flatMap((s) => s.sources)]) {
      if (!src.lines) continue;
      const set = withLines.get(src.repo) ?? new Set<string>();
      set.add(src.path);
      withLines.set(src.repo, set);
    }
  }
  await Promise.all([...withLines].map(([repo, paths]) => histories.get(repo)?.prepareLines?.([...paths].sort())));
  // `all` lists parents before children, so walking it backwards visits children first.
  for (let i = tree.all.length - 1; i >= 0; i--) await attachOne(tree.all[i]!, histories, byId, limit, options);
}
