// View models for templates: every field present (templates run in strict mode), dates
// formatted once, nothing computed from the clock.

import type { HistoryEntry, Provenance } from '../model/page.ts';
import { formatDate, formatDateTime } from './dates.ts';

export interface ProvenanceView {
  status: Provenance['status'];
  reason: string;
  authors: { name: string; bot: boolean }[];
  committedAt: string;
  committedDate: string;
  committedAtText: string;
  authoredAtText: string;
  subject: string;
  shortSha: string;
  url: string | null;
  pulls: { number: number; url: string | null }[];
  issues: { number: number; url: string | null }[];
  tickets: { key: string; url: string | null }[];
  /** Why the dates cannot be right, or ''. */
  dateNote: string;
}

export type HistoryView = Omit<ProvenanceView, 'status' | 'reason'> & { authoredAt: string };

export function provenanceView(p: Provenance | undefined): ProvenanceView {
  const prov = p ?? { status: 'unknown' as const, reason: 'not computed', commit: null, authors: [], authoredAt: null, committedAt: null, subject: null, refs: { pulls: [], issues: [], tickets: [] }, url: null };
  return {
    status: prov.status,
    reason: prov.reason ?? '',
    authors: prov.authors.map((a) => ({ name: a.name, bot: a.bot === true })),
    committedAt: prov.committedAt ?? '',
    committedDate: prov.committedAt ? formatDate(prov.committedAt) : '',
    committedAtText: prov.committedAt ? formatDateTime(prov.committedAt) : '',
    authoredAtText: prov.authoredAt ? formatDateTime(prov.authoredAt) : '',
    subject: prov.subject ?? '',
    shortSha: prov.commit ? prov.commit.slice(0, 8) : '',
    url: prov.url,
    pulls: prov.refs.pulls,
    issues: prov.refs.issues,
    tickets: prov.refs.tickets,
    dateNote: prov.dateNote ?? '',
  };
}

export function historyView(entry: HistoryEntry): HistoryView {
  return {
    authors: entry.authors.map((a) => ({ name: a.name, bot: a.bot === true })),
    authoredAt: entry.authoredAt,
    committedAt: entry.committedAt,
    committedDate: formatDate(entry.committedAt),
    committedAtText: formatDateTime(entry.committedAt),
    authoredAtText: formatDateTime(entry.authoredAt),
    subject: entry.subject,
    shortSha: entry.commit.slice(0, 8),
    url: entry.url,
    pulls: entry.refs.pulls,
    issues: entry.refs.issues,
    tickets: entry.refs.tickets,
    dateNote: entry.dateNote ?? '',
  };
}
