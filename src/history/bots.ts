// Bots beyond the built-in rule (`[bot]` names, GitHub App noreply addresses; refs.ts `isBot`):
// a configured list of names or e-mail addresses (`history.bots`), matched case-insensitively.
import type { Person, RepoHistory } from '../model/history.ts';
import { isBot } from './refs.ts';

export function isConfiguredBot(name: string, email: string, bots: readonly string[]): boolean {
  if (bots.length === 0) return false;
  const n = name.trim().toLowerCase();
  const e = email.trim().toLowerCase();
  return bots.some((b) => {
    const k = b.trim().toLowerCase();
    return k !== '' && (k === n || k === e);
  });
}

/**
 * Marks the bots among the history's people: the built-in rule and the configured list, applied
 * to every person again (people are shared objects per identity; a cached index may carry flags
 * from an older rule or none for co-authors).
 */
export function markBots(history: RepoHistory, bots: readonly string[]): void {
  const done = new Set<Person>();
  const mark = (p: Person): void => {
    if (done.has(p)) return;
    done.add(p);
    p.bot = isBot(p.name, p.email) || isConfiguredBot(p.name, p.email, bots);
  };
  for (const c of history.commits) {
    mark(c.author);
    mark(c.committer);
    for (const p of c.coAuthors) mark(p);
  }
}
