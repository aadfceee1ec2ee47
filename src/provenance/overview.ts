// A repository's overview: recent changes, contributors, owners (CODEOWNERS), package manifest.

import { contributors, recent } from '../history/query.ts';
import type { RepoHistory } from '../model/history.ts';
import type { RepoSnapshot } from '../model/snapshot.ts';
import type { RepoOverview } from '../model/wiki.ts';
import { historyEntry, type ProvenanceOptions } from './attach.ts';

const CONTRIBUTORS = 20;

export function overviewOf(snapshot: RepoSnapshot, history: RepoHistory, limit: number, options: ProvenanceOptions): RepoOverview {
  return {
    history: recent(history, limit).map((c) => historyEntry(c, options)),
    historyUrl: snapshot.links.web && snapshot.head ? (snapshot.links.history?.replace('{sha}', snapshot.head).replace('{path}', '') ?? null) : null,
    contributors: contributors(history, CONTRIBUTORS).map((c) => ({ name: c.name, bot: c.bot, changes: c.changes })),
    owners: snapshot.owners.rules.map((r) => ({ pattern: r.pattern, owners: r.owners })),
    ownersFile: snapshot.owners.file,
    manifest: snapshot.manifest,
  };
}
