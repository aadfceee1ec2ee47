// `livewiki.json`'s `changelog`: every semantic change, newest first, one entry per change
// (README, "livewiki.json"). The change history stage located each change; this adds the commit's
// who, when and why as provenance records publish them, fields in the documented order, text
// redacted once more.
import { commitOf } from '../history/query.ts';
import type { ChangeRecord } from '../model/changes.ts';
import type { Diagnostics } from '../model/diagnostics.ts';
import type { PullRef, RepoHistory, TicketRef } from '../model/history.ts';
import type { ProvenanceAuthor } from '../model/page.ts';
import { authorsOf, type ProvenanceOptions } from '../provenance/attach.ts';
import { clean, note, type SecretFinding } from '../secrets/index.ts';

export interface ChangelogEntry {
  repo: string;
  path: string;
  page: string;
  anchor: string | null;
  kind: ChangeRecord['kind'];
  key: string;
  change: ChangeRecord['change'];
  breaking: boolean | null;
  from: string | null;
  to: string | null;
  summary: string;
  commit: string;
  authors: ProvenanceAuthor[];
  committedAt: string;
  pulls: PullRef[];
  tickets: TicketRef[];
}

export function changelogEntries(records: readonly ChangeRecord[], histories: ReadonlyMap<string, RepoHistory>, options: ProvenanceOptions, diagnostics: Diagnostics): ChangelogEntry[] {
  const found: SecretFinding[] = [];
  const out: ChangelogEntry[] = [];
  for (const r of records) {
    const history = histories.get(r.repo);
    const commit = history ? commitOf(history, r.commit) : null;
    if (!commit) continue;
    out.push({
      repo: r.repo,
      path: r.path,
      page: r.page,
      anchor: r.anchor,
      kind: r.kind,
      key: clean(r.key, found),
      change: r.change,
      breaking: r.breaking,
      from: r.from === null ? null : clean(r.from, found),
      to: r.to === null ? null : clean(r.to, found),
      summary: clean(r.summary, found),
      commit: r.commit,
      authors: authorsOf(commit, options),
      committedAt: commit.committedAt,
      pulls: commit.refs.pulls,
      tickets: commit.refs.tickets,
    });
  }
  note(found, 'livewiki.json#changelog', diagnostics);
  return out;
}
