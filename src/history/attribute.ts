// Who and why of a change as shown (DESIGN §3). A merge commit on the first-parent chain is
// credited to the merged branch's authors of the paths (most recent first), its own author
// becomes "merged by", and its why is the pull request's title. Bots are never shown as the
// author of a change a human wrote (also a squash commit co-authored by a bot). Squash and plain
// commits keep their author and co-authors.

import type { Attribution, Change, Commit, CommitRefs, IssueRef, Person, RepoHistory, SideCommit, TicketRef } from '../model/history.ts';
import { pathsWithFormer } from './merges.ts';
import { pullOfMerge } from './pull.ts';

/** Side commits listed per change (the rest are counted by nobody: the pull request has them). */
const SIDE_LIMIT = 20;

/** People de-duplicated by e-mail (else name), first kept; bots dropped when a human is among them. */
export function humansFirst(people: readonly Person[]): Person[] {
  const seen = new Set<string>();
  const out: Person[] = [];
  for (const p of people) {
    const k = p.email.toLowerCase() || `name:${p.name}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(p);
  }
  return out.some((p) => !p.bot) ? out.filter((p) => !p.bot) : out;
}

function mergeRefs(own: CommitRefs, sides: readonly SideCommit[]): CommitRefs {
  const issues: IssueRef[] = [...own.issues];
  const tickets: TicketRef[] = [...own.tickets];
  const pullNumbers = new Set(own.pulls.map((p) => p.number));
  for (const s of sides) {
    for (const i of s.refs.issues) if (!pullNumbers.has(i.number) && !issues.some((x) => x.number === i.number)) issues.push(i);
    for (const t of s.refs.tickets) if (!tickets.some((x) => x.key === t.key)) tickets.push(t);
  }
  return { pulls: own.pulls, issues, tickets };
}

/**
 * The attribution of a first-parent merge commit for `paths` (paths at the built commit; their
 * earlier names count), or null when `commit` is not a merge whose branch was read
 * (`loadMerges`). When no commit of the branch changed the paths (a conflict resolved in the
 * merge), the branch's authors are credited: the pull request is what landed.
 */
export function attributeMerge(history: RepoHistory, commit: Commit, paths: Iterable<string>): Attribution | null {
  if (commit.parents.length < 2) return null;
  const sides = history.merges?.[commit.sha];
  if (!sides) return null;
  const names = pathsWithFormer(history, paths);
  const authored = sides.filter((s) => !s.merge);
  const touched = authored.filter((s) => s.paths.some((p) => names.has(p)));
  const credited = touched.length > 0 ? touched : authored;
  const pull = pullOfMerge(commit.subject, commit.body);
  const authors = humansFirst(credited.flatMap((s) => [s.author, ...s.coAuthors]));
  if (authors.length === 0) return null; // an empty branch (already merged): the merge is the change
  const pullUrl = pull ? (commit.refs.pulls.find((p) => p.number === pull.number)?.url ?? null) : null;
  const subject = pull?.title ?? (pull ? commit.subject : (touched[0]?.subject ?? commit.subject));
  return {
    authors,
    mergedBy: commit.author,
    pull: pull ? { number: pull.number, title: pull.title, url: pullUrl } : null,
    subject,
    authoredAt: credited[0]!.authoredAt,
    refs: mergeRefs(commit.refs, credited),
    sideCommits: credited.slice(0, SIDE_LIMIT).map((s) => ({ commit: s.sha, subject: s.subject, authors: humansFirst([s.author, ...s.coAuthors]), url: s.url })),
  };
}

/** The attribution of any commit for `paths`: a merge's (above), else its own people, bots after humans. */
export function attributionOf(history: RepoHistory | null, commit: Commit, paths: Iterable<string>): Attribution {
  const merged = history ? attributeMerge(history, commit, paths) : null;
  if (merged) return merged;
  return {
    authors: humansFirst([commit.author, ...commit.coAuthors]),
    mergedBy: null,
    pull: null,
    subject: commit.subject,
    authoredAt: commit.authoredAt,
    refs: commit.refs,
    sideCommits: [],
  };
}

/** The change with its attribution for `paths` (a known change only; others as they are). */
export function attributeChange(history: RepoHistory | null, change: Change, paths: Iterable<string>): Change {
  if (change.status !== 'known') return change;
  return { ...change, attribution: attributionOf(history, change.commit, paths) };
}
