// `livewiki diff`: the wiki at two commits compared without building a site (issue 15.3).
//
// The repository compared is the first configured one (or `--repo`); other configured
// repositories are read at their HEAD on both sides, so links into them resolve and they add
// nothing to the report. Both commits are read from git objects alone (the working tree is never
// read), the head first so the base's unchanged sources come from the extraction cache.

import { openCache } from '../cache/index.ts';
import type { ResolvedConfig } from '../config/load.ts';
import { openRepo } from '../git/repo.ts';
import { carryLedger, readLedger, type Ledger, type SourceFailure } from '../ledger/index.ts';
import { Diagnostics, type Diagnostic } from '../model/diagnostics.ts';
import type { RepoHistory } from '../model/history.ts';
import { commitOf, isBoundary } from '../history/query.ts';
import { pageRecords } from '../output/records.ts';
import { createTemplateEnv } from '../render/handlebars.ts';
import { renderSite } from '../render/index.ts';
import { redactDiagnostic, redactForLog } from '../secrets/index.ts';
import { apiChanges } from './api.ts';
import { compare } from './compare.ts';
import { linkFindings, secretFindings } from './findings.ts';
import { baseModel, headModel, pinned } from './model.ts';
import { staleChanges } from './stale.ts';
import { rangeOf, resolveRef, type RefProblem } from './refs.ts';
import { DIFF_SCHEMA_VERSION, type DiffReport } from './report.ts';

export { findingsOf, isEmpty, type DiffReport } from './report.ts';
export { diffMarkdown, githubComment, githubSummary, DIFF_MARKER } from './format.ts';

export interface DiffOptions {
  base: string;
  /** Default `HEAD` (the commit, never the working tree). */
  head?: string;
}

export type DiffOutcome = { ok: true; report: DiffReport } | { ok: false; problem: RefProblem | { code: string; message: string; hint: string } };

/** Notes from the model runs worth showing beside the report (history cut short, ledger refused). */
const NOTE_CODES = new Set(['W_GIT_SHALLOW', 'W_LEDGER_UNTRUSTED', 'W_LEDGER_UNREADABLE', 'W_LEDGER_ENTRY_DROPPED', 'W_CACHE_UNTRUSTED']);

export async function runDiff(config: ResolvedConfig, options: DiffOptions): Promise<DiffOutcome> {
  const target = config.repos[0];
  if (!target) return { ok: false, problem: { code: 'E_DIFF_REF_UNKNOWN', message: 'no repository is configured', hint: 'Run livewiki diff in a git repository, or pass --repo PATH.' } };
  const opened = await openRepo(target.path, { repoId: target.name ?? undefined });
  if (!opened.ok) return { ok: false, problem: { code: opened.error.code, message: opened.error.message, hint: opened.error.hint ?? 'Point livewiki at a git checkout.' } };
  const git = opened.value;
  const baseSha = await resolveRef(git, options.base, '--base');
  if (!baseSha.ok) return { ok: false, problem: baseSha.problem };
  const headSha = await resolveRef(git, options.head ?? 'HEAD', '--head');
  if (!headSha.ok) return { ok: false, problem: headSha.problem };
  const range = await rangeOf(git, baseSha.value, headSha.value);
  if (!range.ok) return { ok: false, problem: range.problem };
  const { mergeBase, files } = range.value;

  const diagnostics = new Diagnostics();
  const store = await openCache(config.cacheDir, config.repos.map((r) => r.path), diagnostics);
  const templates = createTemplateEnv({ overridesDir: config.templatesDir });
  // Other repositories: at their HEAD commit on both sides.
  const others = new Map<string, string>();
  for (const r of config.repos.slice(1)) {
    const o = await openRepo(r.path, { repoId: r.name ?? undefined });
    if (o.ok && o.value.head) others.set(r.path, o.value.head);
  }
  const headConfig = pinned(config, new Map([...others, [target.path, headSha.value]]));
  const baseConfig = pinned(config, new Map([...others, [target.path, mergeBase]]));

  const head = await headModel(headConfig, { diagnostics, store, templates });
  if (head === null) return { ok: false, problem: { code: 'E_GIT_FAILED', message: `the head commit ${headSha.value.slice(0, 12)} could not be read`, hint: 'See the errors above.' } };
  const repoId = head.repos[0]!.snapshot.id;
  const headRecords = pageRecords(head.tree, head.provenance, { showEmails: config.showEmails }, diagnostics);
  // The base's own problems are not the pull request's: they are not reported.
  const base = await baseModel(baseConfig, { diagnostics: new Diagnostics(), store, templates });
  if (base === null) return { ok: false, problem: { code: 'E_GIT_FAILED', message: `the base commit ${mergeBase.slice(0, 12)} could not be read`, hint: 'Check that the clone has it (fetch-depth: 0).' } };

  // The URL ledger the base publishes: the published one (output folder, then the cache) carried
  // over the base's pages, unless it was written at a commit the base does not have.
  const notes: DiffReport['notes'] = [];
  const headHistory = head.histories.get(repoId)!;
  let published = (await readLedger(config.outDir, diagnostics)) ?? (store ? await readLedger(store.dir, diagnostics) : null);
  if (published) {
    const ahead = ledgerAhead(published, repoId, headHistory, new Set(range.value.commits));
    if (ahead) {
      notes.push({
        code: 'W_DIFF_LEDGER_AHEAD',
        severity: 'warning',
        message: `The published URL ledger is newer than the base ${mergeBase.slice(0, 12)} (${ahead}); redirects and tombstones are compared between the base and the head only.`,
        hint: 'Update the pull request with its target branch (merge or rebase) to compare against what is published.',
      });
      published = null;
    }
  }
  const baseLedger = carryLedger(published, base.pages, new Map()).ledger;
  const carried = carryLedger(baseLedger, headRecords, head.histories, {
    tracked: new Map(head.repos.map((r) => [r.snapshot.id, new Set(r.snapshot.files.map((f) => f.path))])),
    allReposRead: head.repos.length === config.repos.length,
    failures: failuresOf(diagnostics.items),
  });

  const headReader = head.repos[0]!.files;
  const baseReader = base.repos[0]!.files;
  const changedPaths = files.filter((f) => f.status !== 'removed').map((f) => f.path);
  await headReader.load(changedPaths);
  await baseReader.load(files.filter((f) => f.status !== 'added').map((f) => f.from ?? f.path));
  const comparison = compare({
    repo: repoId,
    files,
    basePages: base.pages,
    headPages: headRecords,
    baseText: (p) => baseReader.read(p),
    headText: (p) => headReader.read(p),
    baseLedger: baseLedger.entries,
    carried,
  });
  const api = await apiChanges({ repo: repoId, files, basePages: base.pages, headPages: headRecords, base: baseReader, head: headReader, store });
  const secrets = await secretFindings({ repo: repoId, files, headPages: headRecords, base: baseReader, head: headReader, allowed: config.allowedSecrets });
  const rendered = renderSite(
    { tree: head.tree, provenance: head.provenance, histories: head.histories, ledger: carried, repos: head.repos.map((r) => r.snapshot.id), provOptions: { showEmails: config.showEmails } },
    { templates, store, diagnostics: new Diagnostics() },
  );
  const links = linkFindings({ repo: repoId, files, bundle: rendered, assets: head.extracted.map((e) => ({ repo: e.repo, paths: e.assets })), tree: head.tree, head: headReader, reported: diagnostics.items.map(redactDiagnostic) });

  for (const d of diagnostics.items.map(redactDiagnostic)) {
    if (NOTE_CODES.has(d.code)) notes.push({ code: d.code, severity: d.severity, message: d.message, ...(d.hint ? { hint: d.hint } : {}) });
  }
  const report: DiffReport = {
    schemaVersion: DIFF_SCHEMA_VERSION,
    repo: repoId,
    base: { ref: redactForLog(options.base), commit: baseSha.value, mergeBase },
    head: { ref: redactForLog(options.head ?? 'HEAD'), commit: headSha.value },
    commits: range.value.commits.length,
    files: files.map((f) => ({ status: f.status, path: f.path, ...(f.from !== undefined ? { from: f.from } : {}) })),
    ...comparison,
    stale: staleChanges(base.pages, headRecords),
    api,
    secrets,
    links,
    notes,
  };
  return { ok: true, report };
}

/** Files with an error or warning this run: their pages stay "unavailable" rather than removed (as in the ledger stage). */
function failuresOf(items: readonly Diagnostic[]): Map<string, SourceFailure> {
  const out = new Map<string, SourceFailure>();
  for (const d of items) {
    if ((d.severity !== 'error' && d.severity !== 'warning') || !d.repo || !d.file) continue;
    const key = `${d.repo}\0${d.file}`;
    if (!out.has(key)) out.set(key, { code: d.code, path: d.file, ...(d.line !== undefined ? { line: d.line } : {}) });
  }
  return out;
}

/**
 * Why a ledger was written at a commit the base does not have, or null: it names a removal the
 * base's history does not contain (made after the base, or on another branch), or a page whose
 * source the history never had (added after the base).
 */
export function ledgerAhead(ledger: Ledger, repo: string, history: RepoHistory, afterBase: ReadonlySet<string>): string | null {
  if (history.failure !== null) return null;
  const knownPath = (p: string) => Object.hasOwn(history.changes, p) || Object.values(history.former).some((names) => names.includes(p));
  for (const e of ledger.entries) {
    if (e.repo !== repo) continue;
    for (const removal of [e.removed, ...e.anchors.map((a) => a.removed)]) {
      const sha = removal?.commit;
      if (!sha || isBoundary(history, sha)) continue;
      if (afterBase.has(sha) || (!history.shallow && commitOf(history, sha) === null)) return `it records ${e.route} as removed by ${sha.slice(0, 12)}, which the base does not contain`;
    }
    if (!history.shallow && e.state === 'live' && e.sources && e.sources.length > 0 && !e.sources.some(knownPath)) {
      return `it lists ${e.route}, made from ${e.sources[0]}, which the base never had`;
    }
  }
  return null;
}

