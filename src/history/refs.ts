// The "why" of a commit: pull requests, issues and ticket keys named in its message, and the
// co-authors in its trailers. Pure functions over strings; deterministic and de-duplicated.
import type { CommitRefs, ForgeLinks, IssueRef, Person, PullRef, TicketRef } from '../model/history.ts';
import { fillLink } from '../git/remote.ts';

export interface RefOptions {
  /** Ticket key prefixes to recognise, e.g. `['LFE', 'OPS']`. Nothing else is a ticket. */
  ticketPrefixes?: readonly string[];
  links?: ForgeLinks | null;
}

interface Hit {
  at: number;
  n: number;
}

// URLs are blanked out before matching, so `https://x/y#12` or `.../LFE-1` never count.
const URL_RE = /\b[a-z][a-z0-9+.-]*:\/\/[^\s<>()]+/gi;
const SUBJECT_PR_RE = /\(#(\d{1,9})\)\s*$/;
const MERGE_PR_RE = /\bMerge pull request #(\d{1,9})\b/g;
const BITBUCKET_PR_RE = /^Merged in \S+ \(pull request #(\d{1,9})\)/g;
const AZURE_PR_RE = /^Merged PR (\d{1,9}):/g;
const GITLAB_SEE_MR_RE = /\bSee merge request [\w.-]+(?:\/[\w.-]+)*!(\d{1,9})\b/g;
const GITLAB_MR_RE = /(?<![\w/!&])!(\d{1,9})\b/g;
const CLOSING_RE = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\b:?[ \t]+#(\d{1,9})\b/gi;
const GH_RE = /(?<![\w-])gh-(\d{1,9})\b/gi;
const GH_HINT_RE = /gh-/i;
const BARE_RE = /(?<![\w&/#!])#(\d{1,9})\b/g;
const PREFIX_RE = /^[A-Z][A-Z0-9]+$/;

function blankUrls(text: string): string {
  return text.replace(URL_RE, (m) => ' '.repeat(m.length));
}

function collect(re: RegExp, text: string, offset: number, into: Hit[]): void {
  re.lastIndex = 0;
  for (const m of text.matchAll(re)) {
    const n = Number(m[1]);
    if (n > 0) into.push({ at: offset + (m.index ?? 0), n });
  }
}

function ordered(hits: Hit[], exclude: ReadonlySet<number> = new Set()): number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  for (const h of [...hits].sort((a, b) => a.at - b.at || a.n - b.n)) {
    if (seen.has(h.n) || exclude.has(h.n)) continue;
    seen.add(h.n);
    out.push(h.n);
  }
  return out;
}

const ticketRegexCache = new Map<string, RegExp | null>();

function ticketRegex(prefixes: readonly string[]): RegExp | null {
  const valid = [...new Set(prefixes.map((p) => p.toUpperCase()).filter((p) => PREFIX_RE.test(p)))].sort();
  const cacheKey = valid.join(',');
  let re = ticketRegexCache.get(cacheKey);
  if (re === undefined) {
    // Longest first so `OPSX` wins over `OPS`; the boundaries keep keys out of words and paths.
    const alt = [...valid].sort((a, b) => b.length - a.length || a.localeCompare(b)).join('|');
    re = valid.length === 0 ? null : new RegExp(`(?<![\\w/.-])(${alt})-(\\d{1,9})(?![\\w-])`, 'g');
    ticketRegexCache.set(cacheKey, re);
  }
  return re;
}

/**
 * Pull requests: `(#123)` ending the subject (squash merges), `Merge pull request #123 from …`,
 * Bitbucket `Merged in x (pull request #123)`, Azure DevOps `Merged PR 123: …`,
 * GitLab `See merge request group/proj!123` and `!123`. Issues: closing keywords (`Fixes #12`…),
 * `gh-12`, and any other bare `#12`. Tickets: `KEY-123` for the configured prefixes only.
 * Each list is de-duplicated and in order of first appearance (subject, then body).
 */
export function parseRefs(subject: string, body: string, options: RefOptions = {}): CommitRefs {
  // Cheap substring checks first: one pass over 100k messages must stay fast.
  const subj = subject.includes('://') ? blankUrls(subject) : subject;
  const bod = body.includes('://') ? blankUrls(body) : body;
  const bodyOffset = subj.length + 1;
  const pullHits: Hit[] = [];
  const issueHits: Hit[] = [];

  const sq = subj.includes('(#') ? SUBJECT_PR_RE.exec(subj) : null;
  if (sq) pullHits.push({ at: sq.index, n: Number(sq[1]) });
  for (const [text, off] of [[subj, 0], [bod, bodyOffset]] as const) {
    if (text === '') continue;
    const hash = text.includes('#');
    if (hash && text.includes('Merge pull request')) collect(MERGE_PR_RE, text, off, pullHits);
    if (off === 0 && hash && text.startsWith('Merged in ')) collect(BITBUCKET_PR_RE, text, off, pullHits);
    if (off === 0 && text.startsWith('Merged PR ')) collect(AZURE_PR_RE, text, off, pullHits);
    if (text.includes('!')) {
      if (text.includes('See merge request')) collect(GITLAB_SEE_MR_RE, text, off, pullHits);
      collect(GITLAB_MR_RE, text, off, pullHits);
    }
    if (hash) {
      collect(CLOSING_RE, text, off, issueHits);
      collect(BARE_RE, text, off, issueHits);
    }
    if (GH_HINT_RE.test(text)) collect(GH_RE, text, off, issueHits);
  }
  const pullNumbers = ordered(pullHits.filter((h) => h.n > 0));
  const pullSet = new Set(pullNumbers);
  const issueNumbers = ordered(issueHits, pullSet);

  const links = options.links ?? null;
  const pulls: PullRef[] = pullNumbers.map((number) => ({ number, url: fillLink(links?.pull ?? null, { number }) }));
  const issues: IssueRef[] = issueNumbers.map((number) => ({ number, url: fillLink(links?.issue ?? null, { number }) }));

  const tickets: TicketRef[] = [];
  const re = ticketRegex(options.ticketPrefixes ?? []);
  if (re) {
    const seen = new Set<string>();
    const hinted = (options.ticketPrefixes ?? []).some((p) => subj.includes(`${p.toUpperCase()}-`) || bod.includes(`${p.toUpperCase()}-`));
    for (const text of hinted ? [subj, bod] : []) {
      re.lastIndex = 0;
      for (const m of text.matchAll(re)) {
        const key = `${m[1]}-${Number(m[2])}`;
        if (seen.has(key)) continue;
        seen.add(key);
        tickets.push({ key, url: fillLink(links?.ticket ?? null, { key }) });
      }
    }
  }
  return { pulls, issues, tickets };
}

export interface RawIdent {
  name: string;
  email: string;
}

const CO_AUTHOR_RE = /^[ \t]*co-authored-by:[ \t]*([^\n<>]*?)[ \t]*<([^<>\n]*)>[ \t]*$/gim;
/** The key every trailer line contains: a cheap test before the line-anchored regex. */
const CO_AUTHOR_KEY_RE = /co-authored-by:/i;

/**
 * `Co-authored-by: Name <email>` lines anywhere in the message (GitHub's squash message puts a
 * `---------` line before them, which hides them from git's own trailer parser).
 * Raw (before mailmap), in order, not yet de-duplicated.
 */
export function parseCoAuthorTrailers(message: string): RawIdent[] {
  const out: RawIdent[] = [];
  // Called for every commit of a history pass: the anchored regex would try every line of a
  // long squash message, so it starts at the line of the first key (no trailer can be earlier).
  const key = CO_AUTHOR_KEY_RE.exec(message);
  if (!key) return out;
  CO_AUTHOR_RE.lastIndex = message.lastIndexOf('\n', key.index) + 1;
  for (let m = CO_AUTHOR_RE.exec(message); m; m = CO_AUTHOR_RE.exec(message)) {
    const email = m[2]!.trim();
    const name = m[1]!.trim();
    if (email === '' && name === '') continue;
    out.push({ name, email });
  }
  return out;
}

// GitHub App addresses (`…[bot]@users.noreply.github.com`) and machine users' noreply addresses
// whose login ends in `-bot`/`-robot`/`_bot` (e.g. `20407524+k8s-ci-robot@users.noreply.github.com`).
const BOT_EMAIL_RE = /(?:\[bot\]|[-_](?:ro)?bot)@users\.noreply\.github\.com$/i;

/** Bots: name ends with `[bot]`, or a GitHub noreply address of an App or a `-bot`/`-robot` login. */
export function isBot(name: string, email: string): boolean {
  return /\[bot\]$/i.test(name.trim()) || BOT_EMAIL_RE.test(email.trim());
}

/** Co-authors de-duplicated case-insensitively by e-mail (first spelling wins), without the author. */
export function dedupeCoAuthors(people: readonly Person[], author: Person): Person[] {
  const seen = new Set<string>([author.email.toLowerCase()]);
  const out: Person[] = [];
  for (const p of people) {
    const k = p.email.toLowerCase();
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(p);
  }
  return out;
}
