// Release tags of a repository (`v1.2.3`, `1.2.3`, `<pkg>@1.2.3`…) that the built commit contains,
// each placed in history order: the position of the first-parent commit that landed it (the tag's
// own commit when it is on the first-parent chain, else the oldest first-parent commit whose
// history contains it). "Since v2.3" means: newer than that position. Tag names are repository
// content: shown escaped, never run or put in option position.
import type { GitRepo } from '../git/repo.ts';
import { assertSha, runGit } from '../git/run.ts';
import type { RepoHistory } from '../model/history.ts';
import { parseReleaseTag } from './typescript.ts';

export interface RepoTag {
  tag: string;
  /** The commit the tag points at (peeled). */
  commit: string;
  /** Position in first-parent order of the commit that landed it (0 = newest). */
  position: number;
}

/** Tags placed off the first-parent chain are located by bisection; this many at most. */
const MAX_OFF_CHAIN = 50;

/** Every tag the built commit contains, in no particular order; null when git failed. */
export async function readTags(git: GitRepo, history: RepoHistory): Promise<RepoTag[] | null> {
  const head = history.head;
  if (head === null || history.commits.length === 0) return [];
  const res = await runGit(git.ctx, ['for-each-ref', `--merged=${assertSha(head)}`, '--format=%(refname:strip=2)%00%(objectname)%00%(*objectname)', 'refs/tags']);
  if (!res.ok) return null;
  const order = new Map(history.commits.map((c, i) => [c.sha, i]));
  const out: RepoTag[] = [];
  let offChain = 0;
  for (const line of res.value.toString('utf8').split('\n')) {
    if (line === '') continue;
    const [tag = '', object = '', peeled = ''] = line.split('\0');
    const commit = peeled !== '' ? peeled : object;
    if (tag === '' || !/^[0-9a-f]{40,64}$/.test(commit)) continue;
    let position = order.get(commit);
    if (position === undefined) {
      // Only release-like tags are worth the bisection.
      if (parseReleaseTag(tag) === null && !/[@/-]v?\d/.test(tag)) continue;
      if (++offChain > MAX_OFF_CHAIN) continue;
      position = await landedAt(git, history, commit);
      if (position === undefined) continue;
    }
    out.push({ tag, commit, position });
  }
  return out.sort((a, b) => a.position - b.position || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
}

/** Position of the oldest first-parent commit whose history contains `commit` (bisection over the chain). */
async function landedAt(git: GitRepo, history: RepoHistory, commit: string): Promise<number | undefined> {
  const contains = async (i: number): Promise<boolean> => (await runGit(git.ctx, ['merge-base', '--is-ancestor', commit, history.commits[i]!.sha])).ok;
  // Position 0 (the head) contains it; find the largest position that still does.
  let lo = 0;
  let hi = history.commits.length - 1;
  if (!(await contains(lo))) return undefined;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (await contains(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
