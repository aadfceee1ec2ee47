// The stale stage (issue 15.1), between provenance and output: a doc section is stale when
// something it covers (targets.ts) changed after the section's last meaningful change (its
// provenance: blame of its lines, bulk and ignored commits passed through). "After" is history
// order on the first-parent chain, never dates; a change in the same commit as the section's is
// not after it. Verified without editing: front matter `verified: <date>` (changes landed on or
// before that day do not count) or a commit trailer `Docs-Verified: <path>[#anchor]` (the commit
// counts as the section's last change). Deterministic: history and blobs only, no clock.

import type { Store } from '../cache/index.ts';
import type { GitRepo } from '../git/repo.ts';
import { changesOf, orderOf } from '../history/query.ts';
import type { Diagnostics } from '../model/diagnostics.ts';
import type { Commit, RepoHistory } from '../model/history.ts';
import type { RepoFiles } from '../model/snapshot.ts';
import type { CoveredChange, PageStale, StaleMark, WikiStale } from '../model/stale.ts';
import type { TemplateRenderer } from '../model/templates.ts';
import type { WikiProvenance, WikiTree } from '../model/wiki.ts';
import { authorsOf, type ProvenanceOptions } from '../provenance/attach.ts';
import { redact } from '../secrets/index.ts';
import { docClaims, isDocClaims, type Claim } from './claims.ts';
import { changesAt, type DiffContext } from './diffs.ts';
import { repoTargets, resolveClaim, targetId, type Target } from './targets.ts';

export type { CoveredChange, PageStale, StaleMark, WikiStale } from '../model/stale.ts';
export { changesAt, type DiffContext, type FileChange } from './diffs.ts';

export interface StaleRepo {
  id: string;
  git: GitRepo;
  files: RepoFiles;
}

export interface StaleInput {
  tree: WikiTree;
  provenance: WikiProvenance;
  repos: StaleRepo[];
  histories: ReadonlyMap<string, RepoHistory>;
  options: ProvenanceOptions;
}

export interface StaleContext {
  templates: TemplateRenderer;
  store: Store | null;
  diagnostics: Diagnostics;
}

/** Commits of one target looked at, newest first: a section stale for many changes says so with a few. */
const MAX_COMMITS_PER_TARGET = 25;
/** Changes listed per stale mark. */
const MAX_BECAUSE = 10;
const TRAILER = /^Docs-Verified:[ \t]*(.+)$/gim;
const DAY_MS = 86_400_000;
const MARKDOWN = /\.(md|markdown)$/i;
export const CLAIMS_KIND = 'stale-claims';

/** `Docs-Verified:` trailers: path or `path#anchor` → the newest commit that says so. */
export function verifiedTrailers(h: RepoHistory): Map<string, Commit> {
  const out = new Map<string, Commit>();
  const boundary = new Set(h.boundary);
  for (const c of h.commits) {
    if (boundary.has(c.sha) || !c.body.includes('Docs-Verified')) continue;
    for (const m of c.body.matchAll(TRAILER)) {
      for (const item of m[1]!.split(/[,\s]+/)) {
        const key = item.replace(/^\.\//, '');
        if (key !== '' && !out.has(key)) out.set(key, c);
      }
    }
  }
  return out;
}

/** `verified:` as the last instant it covers: a date is the whole day (UTC); null when unusable. */
export function verifiedCutoff(value: string | null): number | null {
  if (value === null) return null;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const t = Date.parse(dateOnly ? `${value}T23:59:59.999Z` : value);
  return Number.isNaN(t) ? null : t;
}

interface Clock {
  /** History position of the last change (lower = newer); covered changes must be strictly newer. */
  order: number;
  /** The commit that set the clock (the section's last change, or a verifying commit). */
  commit: Commit;
  /** Covered changes landed at or before this instant do not count (`verified:`). */
  cutoff: number | null;
}

function pullUrl(c: Commit): string | null {
  return c.refs.pulls[0]?.url ?? c.url;
}

function covered(target: Target, c: Commit, clock: Clock, summary: string, change: CoveredChange['change'], breaking: boolean | null, options: ProvenanceOptions): CoveredChange {
  return {
    covers: target.covers,
    path: target.path,
    key: 'key' in target ? target.key : null,
    commit: c.sha,
    committedAt: c.committedAt,
    summary: redact(summary),
    change,
    breaking,
    authors: authorsOf(c, options),
    refs: c.refs,
    url: pullUrl(c),
    daysAfter: Math.max(0, Math.floor((Date.parse(c.committedAt) - Date.parse(clock.commit.committedAt)) / DAY_MS)),
  };
}

function keyMatches(changed: string, key: string): boolean {
  return changed === key || changed.startsWith(`${key}.`) || changed.startsWith(`${key}[`);
}

/** Changes of a target after the clock, newest first. */
async function changesAfter(target: Target, clock: Clock, h: RepoHistory, ctx: DiffContext, provenance: WikiProvenance, options: ProvenanceOptions): Promise<CoveredChange[]> {
  const counts = (c: Commit): boolean => orderOf(h, c.sha) < clock.order && (clock.cutoff === null || Date.parse(c.committedAt) > clock.cutoff);
  if (target.covers === 'symbol') {
    const change = provenance.pages[target.page]?.sections[target.anchor];
    if (change?.status !== 'known' || !counts(change.commit)) return [];
    return [covered(target, change.commit, clock, `\`${target.key}\` changed in \`${target.path}\``, 'changed', null, options)];
  }
  const out: CoveredChange[] = [];
  const commits = changesOf(h, target.path, MAX_COMMITS_PER_TARGET).filter((c) => orderOf(h, c.sha) < clock.order);
  for (const c of commits) {
    if (!counts(c)) continue;
    if (target.covers === 'file') {
      out.push(covered(target, c, clock, `\`${target.path}\` changed: ${c.subject}`, null, null, options));
      continue;
    }
    const kind = target.covers === 'config-key' ? 'config' : 'openapi';
    for (const fc of await changesAt(ctx, kind, target.path, c)) {
      const hit = target.covers === 'config-key' ? keyMatches(fc.key, target.key) || (fc.fromKey !== undefined && keyMatches(fc.fromKey, target.key)) : fc.key === target.key;
      if (hit) out.push(covered(target, c, clock, target.covers === 'operation' ? `\`${fc.key}\`: ${fc.summary}` : fc.summary, fc.change, fc.breaking, options));
    }
  }
  return out;
}

function markOf(changes: CoveredChange[], clock: Clock): StaleMark | null {
  if (changes.length === 0) return null;
  // Oldest first: `since` is when the section stopped being right.
  const sorted = [...changes].sort((a, b) => b.commit.localeCompare(a.commit)).sort((a, b) => (a.committedAt < b.committedAt ? -1 : a.committedAt > b.committedAt ? 1 : 0));
  const seen = new Set<string>();
  const because = sorted.filter((c) => {
    const k = `${c.commit}\u0000${c.path}\u0000${c.key ?? ''}\u0000${c.summary}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { since: because[0]!.committedAt, after: clock.commit.sha, because: because.slice(0, MAX_BECAUSE) };
}

function staleMessage(title: string, mark: StaleMark): string {
  const first = mark.because[0]!;
  const more = mark.because.length > 1 ? ` (and ${mark.because.length - 1} more)` : '';
  const pr = first.refs.pulls[0] ? ` in #${first.refs.pulls[0].number}` : ` in ${first.commit.slice(0, 8)}`;
  const who = first.authors.map((a) => a.name).join(', ');
  return `${title} may be stale: ${first.summary.replace(/`/g, '')}${pr}${who ? ` by ${who}` : ''}, ${first.daysAfter} day(s) after it was last changed${more}`;
}

async function marksFor(claims: Claim[], clock: Clock, docPath: string, t: ReturnType<typeof repoTargets>, h: RepoHistory, ctx: DiffContext, input: StaleInput, repo: string, diagnostics: Diagnostics): Promise<StaleMark | null> {
  const targets = new Map<string, Target>();
  for (const claim of claims) {
    const found = resolveClaim(t, claim, docPath);
    if (found.length === 0 && claim.how === 'declared') {
      diagnostics.warn('W_COVERS_UNRESOLVED', `covers: \`${claim.text}\` names no file, config key, operation or symbol of this repository`, { repo, file: docPath, line: claim.line });
    }
    for (const target of found) targets.set(targetId(target), target);
  }
  const changes: CoveredChange[] = [];
  for (const id of [...targets.keys()].sort()) changes.push(...(await changesAfter(targets.get(id)!, clock, h, ctx, input.provenance, input.options)));
  return markOf(changes, clock);
}

/** Every doc page's stale marks; pages with none are left out. */
export async function staleStage(input: StaleInput, ctx: StaleContext): Promise<WikiStale> {
  const out: WikiStale = {};
  for (const repo of input.repos) {
    const h = input.histories.get(repo.id);
    if (!h || h.failure !== null) continue;
    // Documents, and folder and repository pages made from a README.
    const docs = input.tree.nodes.filter((n) => n.page.repo === repo.id && (n.page.kind === 'doc' || n.page.kind === 'index' || n.page.kind === 'repo-overview') && MARKDOWN.test(n.page.sources[0]?.path ?? ''));
    if (docs.length === 0) continue;
    const targets = repoTargets(input.tree, repo.id, repo.files.paths);
    const trailers = verifiedTrailers(h);
    const diffCtx: DiffContext = { git: repo.git, history: h, templates: ctx.templates, store: ctx.store };
    for (const { page } of docs) {
      const path = page.sources[0]?.path;
      const prov = input.provenance.pages[page.id];
      const text = path === undefined ? null : repo.files.read(path);
      if (path === undefined || !prov || text === null) continue;
      // A second Markdown parse per document: cached by the document's text.
      const claims = ctx.store ? ctx.store.memo(CLAIMS_KIND, { v: 1, text }, () => docClaims(text), isDocClaims) : docClaims(text);
      const cutoff = verifiedCutoff(claims.verified);
      const clockOf = (commit: Commit, keys: string[]): Clock => {
        let clock: Clock = { order: orderOf(h, commit.sha), commit, cutoff };
        for (const k of keys) {
          const v = trailers.get(k);
          if (v && orderOf(h, v.sha) < clock.order) clock = { order: orderOf(h, v.sha), commit: v, cutoff };
        }
        return clock;
      };
      const result: PageStale = { sections: {} };
      if (claims.page.length > 0 && prov.change.status === 'known') {
        const mark = await marksFor(claims.page, clockOf(prov.change.commit, [path]), path, targets, h, diffCtx, input, repo.id, ctx.diagnostics);
        if (mark) {
          result.page = mark;
          ctx.diagnostics.warn('W_STALE_SECTION', staleMessage(`The page "${page.title}"`, mark), { repo: repo.id, file: path, line: claims.frontmatterLine });
        }
      }
      // Each claim belongs to the innermost section whose lines hold it.
      const sections = page.sections
        .map((s) => ({ s, lines: s.sources.find((r) => r.path === path)?.lines }))
        .filter((x): x is { s: typeof x.s; lines: [number, number] } => x.lines !== undefined);
      const bySection = new Map<string, Claim[]>();
      for (const { line, claim } of claims.byLine) {
        let best: (typeof sections)[number] | null = null;
        for (const x of sections) if (x.lines[0] <= line && line <= x.lines[1] && (!best || x.lines[0] >= best.lines[0])) best = x;
        if (best) bySection.set(best.s.anchor, [...(bySection.get(best.s.anchor) ?? []), claim]);
      }
      for (const { s, lines } of sections) {
        const mine = bySection.get(s.anchor);
        const change = prov.sections[s.anchor];
        if (!mine || change?.status !== 'known') continue;
        const mark = await marksFor(mine, clockOf(change.commit, [path, `${path}#${s.anchor}`]), path, targets, h, diffCtx, input, repo.id, ctx.diagnostics);
        if (!mark) continue;
        result.sections[s.anchor] = mark;
        ctx.diagnostics.warn('W_STALE_SECTION', staleMessage(`Section "${s.title}"`, mark), { repo: repo.id, file: path, line: lines[0] });
      }
      if (result.page || Object.keys(result.sections).length > 0) out[page.id] = result;
    }
  }
  return out;
}

/** The provenance with each page's stale marks attached (what output and render read). */
export function withStale(provenance: WikiProvenance, stale: WikiStale): WikiProvenance {
  const pages = { ...provenance.pages };
  for (const [id, s] of Object.entries(stale)) if (pages[id]) pages[id] = { ...pages[id], stale: s };
  return { ...provenance, pages };
}
