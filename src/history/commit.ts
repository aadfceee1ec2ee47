// A commit of the history index whose message-derived fields are computed on first read.
//
// One history pass reads every commit of the first-parent chain (tens of thousands), but a wiki
// shows only the few that last changed a page or section. Splitting every message, parsing its
// references, building its URL and resolving its co-authors was most of our parsing CPU and
// garbage, so those fields are memoized getters here (with setters: `Commit` fields stay
// writable). The fields and their values are exactly those of the `Commit` interface, and
// `toJSON` keeps `JSON.stringify(commit)` byte-identical to the plain object it replaces.
// Getters live on the prototype, so they are not own properties: copy fields explicitly, never
// `{ ...commit }` or `Object.keys(commit)` (the pipeline copies explicitly, see provenance/attach.ts).
import { fillLink } from '../git/remote.ts';
import type { Commit, CommitRefs, ForgeLinks, Person } from '../model/history.ts';
import { dedupeCoAuthors, parseRefs, type RawIdent } from './refs.ts';

/** What every commit of one index shares: reference parsing options and co-author resolution. */
export interface CommitContext {
  readonly ticketPrefixes: readonly string[];
  readonly links: ForgeLinks | null;
  /** Maps a raw `Co-authored-by` identity to its person (mailmap applied); set after the walk. */
  coAuthor: (raw: RawIdent) => Person;
}

/** Splits a commit message as git's `%s` / `%b` do: the first paragraph (lines joined by spaces) and the rest. */
export function splitMessage(message: string): { subject: string; body: string } {
  const lines = message.split('\n');
  let i = 0;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  const subj: string[] = [];
  for (; i < lines.length && lines[i]!.trim() !== ''; i++) subj.push(lines[i]!.trimEnd());
  while (i < lines.length && lines[i]!.trim() === '') i++;
  return { subject: subj.join(' '), body: lines.slice(i).join('\n').trimEnd() };
}

export class HistoryCommit implements Commit {
  sha: string;
  author: Person;
  committer: Person;
  authoredAt: string;
  committedAt: string;
  /** Set by the history stage when the dates are implausible (history/dates.ts). */
  dateNote?: string;
  readonly #context: CommitContext;
  readonly #message: string;
  readonly #parentsText: string;
  /** `Co-authored-by` trailers as written (before mailmap), or null when there are none. */
  readonly #rawCoAuthors: RawIdent[] | null;
  #parents: string[] | undefined;
  #coAuthors: Person[] | undefined;
  #subject: string | undefined;
  #body: string | undefined;
  #refs: CommitRefs | undefined;
  #url: string | null | undefined;

  constructor(
    context: CommitContext,
    fields: { sha: string; parentsText: string; author: Person; committer: Person; authoredAt: string; committedAt: string; message: string; rawCoAuthors: RawIdent[] | null },
  ) {
    this.#context = context;
    this.sha = fields.sha;
    this.#parentsText = fields.parentsText;
    this.author = fields.author;
    this.committer = fields.committer;
    this.authoredAt = fields.authoredAt;
    this.committedAt = fields.committedAt;
    this.#message = fields.message;
    this.#rawCoAuthors = fields.rawCoAuthors;
  }

  /** Raw co-author identities, for the one batched mailmap lookup of the walk. */
  get rawCoAuthors(): readonly RawIdent[] | null {
    return this.#rawCoAuthors;
  }

  get parents(): string[] {
    return (this.#parents ??= this.#parentsText === '' ? [] : this.#parentsText.split(' '));
  }
  set parents(value: string[]) {
    this.#parents = value;
  }

  get coAuthors(): Person[] {
    if (this.#coAuthors === undefined) {
      const raw = this.#rawCoAuthors;
      this.#coAuthors = raw ? dedupeCoAuthors(raw.map(this.#context.coAuthor), this.author) : [];
    }
    return this.#coAuthors;
  }
  set coAuthors(value: Person[]) {
    this.#coAuthors = value;
  }

  get subject(): string {
    if (this.#subject === undefined) this.#split();
    return this.#subject!;
  }
  set subject(value: string) {
    if (this.#body === undefined) this.#split();
    this.#subject = value;
  }

  get body(): string {
    if (this.#body === undefined) this.#split();
    return this.#body!;
  }
  set body(value: string) {
    if (this.#subject === undefined) this.#split();
    this.#body = value;
  }

  get refs(): CommitRefs {
    return (this.#refs ??= parseRefs(this.subject, this.body, this.#context));
  }
  set refs(value: CommitRefs) {
    this.#refs = value;
  }

  get url(): string | null {
    if (this.#url === undefined) this.#url = fillLink(this.#context.links?.commit ?? null, { sha: this.sha });
    return this.#url;
  }
  set url(value: string | null) {
    this.#url = value;
  }

  /** The plain `Commit`, same keys in the same order as before the fields became lazy. */
  toJSON(): Commit {
    return {
      sha: this.sha,
      parents: this.parents,
      author: this.author,
      coAuthors: this.coAuthors,
      committer: this.committer,
      authoredAt: this.authoredAt,
      committedAt: this.committedAt,
      subject: this.subject,
      body: this.body,
      refs: this.refs,
      url: this.url,
      ...(this.dateNote ? { dateNote: this.dateNote } : {}),
    };
  }

  #split(): void {
    const { subject, body } = splitMessage(this.#message);
    this.#subject = subject;
    this.#body = body;
  }
}
