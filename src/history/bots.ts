// Bots beyond the built-in rule (`[bot]` names, GitHub App noreply addresses; refs.ts `isBot`):
// a configured list of names or e-mail addresses (`history.bots`), matched case-insensitively.
import type { Person, RepoHistory } from '../model/history.ts';

export function isConfiguredBot(name: string, email: string, bots: readonly string[]): boolean {
  if (bots.length === 0) return false;
  const n = name.trim().toLowerCase();
  const e = email.trim().toLowerCase();
  return bots.some((b) => {
    const k = b.trim().toLowerCase();
    return k !== '' && (k === n || k === e);
  });
}

/** Marks the configured bots among the history's people (people are shared objects per identity). */
export function markBots(history: RepoHistory, bots: readonly string[]): void {
  if (bots.length === 0) return;
  const mark = (p: Person): void => {
    if (!p.bot && isConfiguredBot(p.name, p.email, bots)) p.bot = true;
  };
  for (const c of history.commits) {
    mark(c.author);
    mark(c.committer);
    for (const p of c.coAuthors) mark(p);
  }
}
