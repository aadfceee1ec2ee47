// The merged branch behind a first-parent merge commit: its commits (`git log M^1..M`, for an
// octopus every side parent), their authors and the paths they changed. Read for every merge
// provenance needs at once, in a fixed number of git processes per repository:
//
//  1. `git rev-list --parents <merges> --not <oldest merge>^1`: the commit graph of the span.
//     Each commit off the first-parent chain belongs to exactly one merge's range: the oldest
//     chain merge that reaches it (whatever an older chain commit reaches is reachable from every
//     newer merge's first parent). Claiming side commits oldest merge first gives every range.
//  2. `git log --no-walk=unsorted --stdin --name-status`: the wanted ranges' commits, once.
//  3. `git check-mailmap --stdin`: co-authors, when any.
//
// A merge's parents never change, so its range is cached in the Store per merge commit (and
// `.mailmap` blob: authors are mailmap-applied).

import type { Store } from '../cache/store.ts';
import type { GitRepo } from '../git/repo.ts';
import { isSha, runGit } from '../git/run.ts';
import type { Diagnostics } from '../model/diagnostics.ts';
import type { Commit, ForgeLinks, Person, RepoHistory, SideCommit } from '../model/history.ts';
import { fillLink } from '../git/remote.ts';
import { isConfiguredBot } from './bots.ts';
import { splitMessage } from './commit.ts';
import { commitOf, formerPaths, orderOf } from './query.ts';
import { isBot, parseCoAuthorTrailers, parseRefs, type RawIdent } from './refs.ts';

export const MERGES_KIND = 'merge-sides';

/** A side commit as git gives it (mailmap applied), before refs and bots are derived. */
interface RawSide {
  sha: string;
  name: string;
  email: string;
  co: RawIdent[];
  authoredAt: string;
  committedAt: string;
  /** Committer time in seconds: the order (newest first). */
  time: number;
  message: string;
  merge: boolean;
  paths: string[];
}

export interface MergeReadOptions {
  store: Store | null;
  repoId: string;
  /** Blob of `.mailmap` at the built commit (part of the cache key), or null. */
  mailmapBlob: string | null;
  ticketPrefixes: readonly string[];
  links: ForgeLinks | null;
  bots: readonly string[];
  diagnostics?: Diagnostics;
}

const FORMAT = '--format=%x1e%H%x1f%P%x1f%aN%x1f%aE%x1f%aI%x1f%cI%x1f%ct%x1f%B%x1f';

function isRawSide(v: unknown): v is RawSide {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r.sha === 'string' && isSha(r.sha) && typeof r.name === 'string' && typeof r.email === 'string' && typeof r.authoredAt === 'string' && typeof r.committedAt === 'string'
    && typeof r.time === 'number' && typeof r.message === 'string' && typeof r.merge === 'boolean' && Array.isArray(r.paths) && r.paths.every((p) => typeof p === 'string')
    && Array.isArray(r.co) && r.co.every((c) => typeof c === 'object' && c !== null && typeof (c as RawIdent).name === 'string' && typeof (c as RawIdent).email === 'string')
  );
}

/** First-parent merges of `history` among `shas` whose branches are not read yet. */
function wantedMerges(history: RepoHistory, shas: Iterable<string>): Commit[] {
  const out = new Map<string, Commit>();
  for (const sha of shas) {
    if (history.merges?.[sha] || out.has(sha)) continue;
    const c = commitOf(history, sha);
    if (c && c.parents.length > 1) out.set(sha, c);
  }
  return [...out.values()];
}

/**
 * Reads the merged branches of the first-parent merges among `shas` into `history.merges`
 * (cached). A merge whose branch cannot be read keeps its own authorship (a warning says why).
 */
export async function loadMerges(git: GitRepo, history: RepoHistory, shas: Iterable<string>, options: MergeReadOptions): Promise<void> {
  const wanted = wantedMerges(history, shas);
  if (wanted.length === 0) return;
  const merges = (history.merges ??= Object.create(null) as Record<string, SideCommit[]>);
  const key = (sha: string): string[] => [options.repoId, sha, options.mailmapBlob ?? '-'];
  const missing: Commit[] = [];
  for (const m of wanted) {
    const cached = options.store?.get<{ sides: unknown }>(MERGES_KIND, key(m.sha));
    if (cached && Array.isArray(cached.sides) && cached.sides.every(isRawSide)) merges[m.sha] = cooked(cached.sides, options);
    else {
      if (cached) options.store?.stale(MERGES_KIND, 'not a valid list of side commits');
      missing.push(m);
    }
  }
  if (missing.length === 0) return;
  const read = await readRanges(git, history, missing);
  if (!read.ok) {
    options.diagnostics?.warn('W_GIT_MERGE_SIDES', `could not read the merged branches of ${missing.length} merge commit(s): ${read.error}; their changes are credited to the merge commits`, { repo: options.repoId });
    return;
  }
  for (const m of missing) {
    const sides = read.ranges.get(m.sha) ?? [];
    options.store?.put(MERGES_KIND, key(m.sha), { sides });
    merges[m.sha] = cooked(sides, options);
  }
}

/** Side commits of each merge (newest first), in three git processes however many merges. */
async function readRanges(git: GitRepo, history: RepoHistory, merges: Commit[]): Promise<{ ok: true; ranges: Map<string, RawSide[]> } | { ok: false; error: string }> {
  const oldest = merges.reduce((a, b) => (orderOf(history, a.sha) > orderOf(history, b.sha) ? a : b));
  const args = ['rev-list', '--parents', ...merges.map((m) => m.sha), '--not', oldest.parents[0]!];
  const graph = await runGit(git.ctx, args, { timeoutMs: 10 * 60_000, maxBytes: 1 << 30 });
  if (!graph.ok) return { ok: false, error: graph.error.message };
  const parents = new Map<string, string[]>();
  for (const line of graph.value.toString('latin1').split('\n')) {
    if (line === '') continue;
    const [sha, ...ps] = line.split(' ');
    parents.set(sha!, ps);
  }
  // Claim side commits, oldest chain merge first (chain merges between the wanted ones included).
  const chain = (sha: string): boolean => orderOf(history, sha) !== Number.MAX_SAFE_INTEGER;
  const chainMerges = [...parents.keys()].filter((s) => chain(s) && parents.get(s)!.length > 1).sort((a, b) => orderOf(history, b) - orderOf(history, a));
  const wanted = new Set(merges.map((m) => m.sha));
  const owner = new Map<string, string>();
  const ranges = new Map<string, string[]>();
  for (const m of chainMerges) {
    const mine: string[] = [];
    const stack = parents.get(m)!.slice(1);
    while (stack.length > 0) {
      const c = stack.pop()!;
      if (owner.has(c) || chain(c) || !parents.has(c)) continue;
      owner.set(c, m);
      mine.push(c);
      for (const p of parents.get(c)!) stack.push(p);
    }
    if (wanted.has(m)) ranges.set(m, mine);
  }
  const all = [...ranges.values()].flat();
  const details = all.length > 0 ? await readSides(git, all) : { ok: true as const, sides: new Map<string, RawSide>() };
  if (!details.ok) return details;
  const out = new Map<string, RawSide[]>();
  for (const [m, shas] of ranges) {
    const list = shas.map((s) => details.sides.get(s)).filter((s): s is RawSide => s !== undefined);
    // Newest first by committer time; the walk order breaks ties (children before parents).
    const pos = new Map(shas.map((s, i) => [s, i]));
    list.sort((a, b) => b.time - a.time || pos.get(a.sha)! - pos.get(b.sha)!);
    out.set(m, list);
  }
  return { ok: true, ranges: out };
}

/** Authors, messages and changed paths of `shas` in one `git log --no-walk`; co-authors mailmapped in one more. */
async function readSides(git: GitRepo, shas: string[]): Promise<{ ok: true; sides: Map<string, RawSide> } | { ok: false; error: string }> {
  const args = ['log', '--no-walk=unsorted', '--stdin', '-z', '--no-color', '--no-abbrev', '--name-status', '-M', FORMAT];
  const res = await runGit(git.ctx, args, { input: shas.join('\n') + '\n', timeoutMs: 10 * 60_000, maxBytes: 1 << 30 });
  if (!res.ok) return { ok: false, error: res.error.message };
  const sides = new Map<string, RawSide>();
  let cur: RawSide | null = null;
  let expect = 0;
  for (const token of res.value.toString('utf8').split('\0')) {
    if (token.startsWith('\x1e')) {
      const f = token.slice(1).split('\x1f');
      const [sha, parentsText, name, email, authoredAt, committedAt, time] = f;
      const message = f.slice(7, -1).join('\x1f');
      cur = { sha: sha!, name: name!, email: email!, co: parseCoAuthorTrailers(message), authoredAt: authoredAt!, committedAt: committedAt!, time: Number(time), message, merge: parentsText!.includes(' '), paths: [] };
      sides.set(cur.sha, cur);
      expect = 0;
      continue;
    }
    if (!cur) continue;
    if (expect > 0) {
      cur.paths.push(token);
      expect--;
      continue;
    }
    const status = token.replace(/^\n/, '');
    if (status === '') continue;
    expect = status[0] === 'R' || status[0] === 'C' ? 2 : 1;
  }
  const contacts = [...new Set([...sides.values()].flatMap((s) => s.co.map(contact)))];
  if (contacts.length > 0) {
    const mm = await runGit(git.ctx, ['check-mailmap', '--stdin'], { input: contacts.join('\n') + '\n' });
    if (mm.ok) {
      const lines = mm.value.toString('utf8').split('\n');
      const mapped = new Map(contacts.map((c, i) => [c, parseContact(lines[i] ?? '') ?? parseContact(c)!]));
      for (const s of sides.values()) s.co = s.co.map((r) => mapped.get(contact(r)) ?? r);
    }
  }
  return { ok: true, sides };
}

const contact = (r: RawIdent): string => (r.name ? `${r.name} <${r.email}>` : `<${r.email}>`);

function parseContact(line: string): RawIdent | null {
  const m = /^(.*?)\s*<([^<>]*)>$/.exec(line);
  return m ? { name: m[1]!, email: m[2]! } : null;
}

function person(name: string, email: string, bots: readonly string[]): Person {
  return { name, email, bot: isBot(name, email) || isConfiguredBot(name, email, bots) };
}

function cooked(raw: RawSide[], options: Pick<MergeReadOptions, 'ticketPrefixes' | 'links' | 'bots'>): SideCommit[] {
  return raw.map((r) => {
    const { subject, body } = splitMessage(r.message);
    const author = person(r.name, r.email, options.bots);
    const seen = new Set([author.email.toLowerCase()]);
    const coAuthors: Person[] = [];
    for (const c of r.co) {
      const k = c.email.toLowerCase();
      if (seen.has(k)) continue;
      seen.add(k);
      coAuthors.push(person(c.name, c.email, options.bots));
    }
    return {
      sha: r.sha,
      author,
      coAuthors,
      authoredAt: r.authoredAt,
      committedAt: r.committedAt,
      subject,
      refs: parseRefs(subject, body, { ticketPrefixes: options.ticketPrefixes, links: options.links }),
      url: fillLink(options.links?.commit ?? null, { sha: r.sha }),
      merge: r.merge,
      paths: r.paths,
    };
  });
}

/** The paths to look for in a merged branch: each path with its earlier names (renames). */
export function pathsWithFormer(history: RepoHistory, paths: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const p of paths) {
    out.add(p);
    for (const f of formerPaths(history, p)) out.add(f);
  }
  return out;
}
