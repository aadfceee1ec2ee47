// Implausible commit dates (catalogue G13). Dates are never used to order history (positions
// are), but they are shown, so a wrong one is flagged where it is shown and reported once. Only
// the commits themselves decide, never the build clock (output stays deterministic):
// - dated before 1990 (author or committer; 1970 is the Unix epoch of a zeroed clock);
// - committed more than an hour before it was authored (clock skew up to that is tolerated);
// - committed more than a day after the next commit on the first-parent chain, which landed
//   later (one of the two clocks is wrong; comparing with the next commit only, not with every
//   later one, keeps one wrong clock from flagging the whole history before it).

import type { Commit } from '../model/history.ts';

const EARLIEST = Date.parse('1990-01-01T00:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Why each flagged commit's dates cannot be right, by sha; `commits` in first-parent order, newest first. */
export function implausibleDates(commits: readonly Commit[]): Map<string, string> {
  const out = new Map<string, string>();
  let next: Commit | null = null;
  let nextAt = Infinity;
  for (const c of commits) {
    const authored = Date.parse(c.authoredAt);
    const committed = Date.parse(c.committedAt);
    const reasons: string[] = [];
    const ancient = authored < EARLIEST || committed < EARLIEST;
    if (ancient) reasons.push('dated before 1990');
    if (committed < authored - HOUR) reasons.push('committed before it was authored');
    if (next && committed > nextAt + DAY) reasons.push(`dated after ${next.sha.slice(0, 8)}, which landed after it`);
    if (reasons.length > 0) out.set(c.sha, reasons.join('; '));
    // An ancient date says nothing about when the commits before it could have landed.
    if (!ancient && Number.isFinite(committed)) {
      next = c;
      nextAt = committed;
    }
  }
  return out;
}
