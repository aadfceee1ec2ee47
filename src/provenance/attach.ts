// Attaches a provenance record to every page and section from its source references
// (DESIGN §3): a page built from several sources takes the newest change among them; a section
// with lines takes the newest commit among those lines (blame); never wrong, at worst unknown.

import { changesOf, lastChange, orderOf } from '../history/query.ts';
import type { Change, Commit, RepoHistory } from '../model/history.ts';
import { redact } from '../secrets/index.ts';
import type { HistoryEntry, Provenance, ProvenanceAuthor, SourceRef } from '../model/page.ts';
import type { LineAttribution } from './lines.ts';

/** A repository's history and its line attribution (blame), by repository id. */
export type Histories = ReadonlyMap<string, { history: RepoHistory; lines: LineAttribution }>;

export interface ProvenanceOptions {
  showEmails: boolean;
}

const EMPTY_REFS = { pulls: [], issues: [], tickets: [] };

export function authorsOf(commit: Commit, options: ProvenanceOptions): ProvenanceAuthor[] {
  return [commit.author, ...commit.coAuthors].map((p) => ({
    name: redact(p.name),
    ...(options.showEmails ? { email: p.email } : {}),
    ...(p.bot ? { bot: true } : {}),
  }));
}

export function provenanceOf(change: Change, options: ProvenanceOptions): Provenance {
  if (change.status !== 'known') {
    return {
      status: change.status,
      commit: null,
      authors: [],
      authoredAt: null,
      committedAt: null,
      subject: null,
      refs: EMPTY_REFS,
      url: null,
      reason: change.reason,
    };
  }
  // Same fields, in the same order, as a history entry.
  return { status: 'known', ...historyEntry(change.commit, options) };
}

export function historyEntry(c: Commit, options: ProvenanceOptions): HistoryEntry {
  return {
    commit: c.sha,
    authors: authorsOf(c, options),
    authoredAt: c.authoredAt,
    committedAt: c.committedAt,
    subject: redact(c.subject),
    refs: c.refs,
    url: c.url,
    ...(c.dateNote ? { dateNote: c.dateNote } : {}),
  };
}

/**
 * Newest of several changes. Within one repository history order decides (dates can be
 * skewed); across repositories the landed date. Uncommitted beats everything (it is newer than
 * any commit); unknown only wins when nothing is known.
 */
export function newest(changes: { change: Change; history: RepoHistory | null }[]): Change {
  let best: { change: Change; history: RepoHistory | null } | null = null;
  let unknown: Change | null = null;
  for (const entry of changes) {
    const { change } = entry;
    if (change.status === 'uncommitted') return change;
    if (change.status === 'unknown') {
      unknown ??= change;
      continue;
    }
    if (!best || best.change.status !== 'known' || isNewer(entry, best)) best = entry;
  }
  return best?.change ?? unknown ?? { status: 'unknown', reason: 'no source with history' };
}

function isNewer(a: { change: Change; history: RepoHistory | null }, b: { change: Change; history: RepoHistory | null }): boolean {
  if (a.change.status !== 'known' || b.change.status !== 'known') return false;
  if (a.history && a.history === b.history) return orderOf(a.history, a.change.commit.sha) < orderOf(b.history, b.change.commit.sha);
  return a.change.commit.committedAt > b.change.commit.committedAt
    || (a.change.commit.committedAt === b.change.commit.committedAt && a.change.commit.sha < b.change.commit.sha);
}

/** Last change of one source reference. */
export async function changeOfSource(source: SourceRef, histories: Histories): Promise<Change> {
  const repo = histories.get(source.repo);
  if (!repo) return { status: 'unknown', reason: `no history for repository ${source.repo}` };
  if (source.lines) return repo.lines.lastChangeOfLines(source.path, source.lines);
  return lastChange(repo.history, source.path);
}

/** Last change over several sources. */
export async function changeOfSources(sources: SourceRef[], histories: Histories): Promise<Change> {
  const changes = await Promise.all(sources.map(async (s) => ({ change: await changeOfSource(s, histories), history: histories.get(s.repo)?.history ?? null })));
  return newest(changes);
}

/** Recent history of a set of source files: merged, de-duplicated, newest first. */
export function historyOfSources(sources: SourceRef[], histories: Histories, limit: number, options: ProvenanceOptions): HistoryEntry[] {
  const seen = new Map<string, { commit: Commit; history: RepoHistory }>();
  for (const source of sources) {
    const history = histories.get(source.repo)?.history;
    if (!history) continue;
    for (const commit of changesOf(history, source.path, limit)) seen.set(`${source.repo}\0${commit.sha}`, { commit, history });
  }
  return [...seen.values()]
    .sort((a, b) =>
      a.history === b.history
        ? orderOf(a.history, a.commit.sha) - orderOf(b.history, b.commit.sha)
        : b.commit.committedAt.localeCompare(a.commit.committedAt) || a.commit.sha.localeCompare(b.commit.sha),
    )
    .slice(0, limit)
    .map(({ commit }) => historyEntry(commit, options));
}
