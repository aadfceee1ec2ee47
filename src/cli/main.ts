// The only module that prints or decides exit codes.

import { relative } from 'node:path';
import { ConfigError, loadConfig, type ResolvedConfig } from '../config/load.ts';
import { runInit } from '../init/index.ts';
import type { Diagnostic } from '../model/diagnostics.ts';
import { GENERATOR } from '../model/generator.ts';
import { build, sourceDateEpoch, type BuildResult } from '../pipeline/run.ts';
import { HELP, parseCli, UsageError, type DiffArgs, type ParsedArgs, type RunArgs } from './args.ts';
import { appendFileSync } from 'node:fs';
import { diffMarkdown, findingsOf, githubComment, githubSummary, runDiff } from '../diff/index.ts';
import { createProgress } from './progress.ts';
import { githubReporter, jsonDiagnostics, REPORTERS } from './reporters/index.ts';
import { formatSummary } from './report.ts';
import { redactForLog } from '../secrets/index.ts';

export const EXIT_OK = 0;
export const EXIT_SOURCE_ERRORS = 1;
export const EXIT_USAGE = 2;

export async function main(argv: string[], cwd = process.cwd()): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseCli(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`livewiki: ${redactForLog(error.message)}\n\n${HELP}`);
    return EXIT_USAGE;
  }
  if (args.command === 'help') {
    process.stdout.write(HELP);
    return EXIT_OK;
  }
  if (args.command === 'version') {
    process.stdout.write(`${GENERATOR.version}\n`);
    return EXIT_OK;
  }
  if (args.command === 'init') {
    const result = runInit({ dir: cwd, json: args.json, force: args.force });
    for (const f of result.files) {
      const what = f.status === 'exists' ? 'exists, kept (use --force to replace it)' : f.status;
      process.stderr.write(`livewiki init: ${f.path}: ${what}\n`);
    }
    return result.refused ? EXIT_SOURCE_ERRORS : EXIT_OK;
  }
  if (args.command === 'diff') return runDiffCommand(args, cwd);
  try {
    const config = await loadConfig({ cwd, configFile: args.config, repo: args.repo, out: args.out, ...(args.site !== undefined ? { site: args.site } : {}), deepen: args.deepen, cache: args.cache, trustConfig: args.trustConfig });
    const progress = createProgress({ quiet: args.quiet, verbose: args.verbose });
    const result = await build(config, { publish: args.command === 'build', onProgress: progress.observer, builtAt: sourceDateEpoch(process.env.SOURCE_DATE_EPOCH) });
    progress.close();
    return report(args, config, result, cwd);
  } catch (error) {
    if (error instanceof ConfigError) {
      // Config errors quote values (a repository URL with a token in it): they pass redaction too.
      process.stderr.write(`livewiki: ${redactForLog(error.message)}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

function failOnOf(args: RunArgs, config: ResolvedConfig): ResolvedConfig['failOn'] {
  return args.strict ? 'warning' : config.failOn;
}

/** Diagnostics that are usage errors (README: exit 2), whatever stage found them. */
const USAGE_CODES: ReadonlySet<string> = new Set(['E_OUT_DIR_UNSAFE']);

function exitCode(args: RunArgs, config: ResolvedConfig, result: BuildResult): number {
  if (result.diagnostics.some((d) => USAGE_CODES.has(d.code))) return EXIT_USAGE;
  if (result.fatal) return EXIT_SOURCE_ERRORS;
  const failOn = failOnOf(args, config);
  const failing = result.diagnostics.filter((d) => (failOn === 'never' ? false : failOn === 'warning' ? d.severity !== 'info' : d.severity === 'error'));
  return failing.length > 0 ? EXIT_SOURCE_ERRORS : EXIT_OK;
}

function report(args: RunArgs, config: ResolvedConfig, result: BuildResult, cwd: string): number {
  const code = exitCode(args, config, result);
  const shown: Diagnostic[] = result.diagnostics.filter((d) => (args.quiet ? d.severity === 'error' : args.verbose || d.severity !== 'info'));
  if (args.format === 'github') {
    // Annotations name files relative to the checkout (the current directory in a workflow).
    const rootOf = (repo: string) => {
      const root = result.repoRoots[repo];
      return root === undefined ? '' : relative(cwd, root).split('\\').join('/');
    };
    process.stdout.write(githubReporter(rootOf)(shown));
  } else if (args.format === 'json') {
    if (!args.json) process.stdout.write(REPORTERS.json(shown));
  } else {
    process.stderr.write(REPORTERS.stylish(shown));
  }
  if (args.json) process.stdout.write(`${JSON.stringify(summaryOf(args, result, code, args.format === 'json' ? shown : null), null, 2)}\n`);
  if (!args.quiet) {
    const counts = formatSummary(result.diagnostics);
    const line =
      args.command === 'check'
        ? `livewiki check: ${result.pages} pages, ${result.sections} sections checked (${counts})`
        : result.published
          ? `livewiki: built ${result.pages} pages into ${result.outDir} (${counts})`
          : `livewiki: nothing published (${counts})`;
    process.stderr.write(`${line}\n`);
  }
  return code;
}

/** The `--json` summary: fixed key order; timings are of this run (never part of the site). */
export function summaryOf(args: RunArgs, result: BuildResult, exitCode: number, diagnostics: Diagnostic[] | null) {
  const count = (s: Diagnostic['severity']) => result.diagnostics.filter((d) => d.severity === s).length;
  return {
    command: args.command,
    exitCode,
    published: result.published,
    outDir: args.command === 'build' ? result.outDir : null,
    pages: result.pages,
    sections: result.sections,
    errors: count('error'),
    warnings: count('warning'),
    infos: count('info'),
    timings: result.timings,
    cache: result.cache ? { hits: result.cache.hits, misses: result.cache.misses, rebuilt: result.cache.rebuilt, byKind: result.cache.byKind } : null,
    ...(diagnostics ? { diagnostics: jsonDiagnostics(diagnostics) } : {}),
  };
}

/**
 * `livewiki diff`: the report on stdout (markdown, json, or the pull-request comment for github,
 * whose report also goes to $GITHUB_STEP_SUMMARY when set). Exit 2 for usage (a ref that names no
 * commit, a base missing from a shallow clone: one line that says what to do); 1 only with
 * --strict when the report has findings; else 0.
 */
async function runDiffCommand(args: DiffArgs, cwd: string): Promise<number> {
  try {
    const config = await loadConfig({ cwd, configFile: args.config, repo: args.repo, cache: args.cache, trustConfig: args.trustConfig });
    const outcome = await runDiff(config, { base: args.base, ...(args.head !== undefined ? { head: args.head } : {}) });
    if (!outcome.ok) {
      process.stderr.write(`livewiki diff: ${redactForLog(outcome.problem.message)}. ${redactForLog(outcome.problem.hint)}\n`);
      return EXIT_USAGE;
    }
    const { report } = outcome;
    if (args.format === 'json') process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else if (args.format === 'github') {
      process.stdout.write(githubComment(report));
      const summary = process.env.GITHUB_STEP_SUMMARY;
      if (summary) appendFileSync(summary, githubSummary(report));
    } else process.stdout.write(diffMarkdown(report));
    if (!args.quiet) for (const n of report.notes) if (n.severity !== 'info') process.stderr.write(`livewiki diff: ${n.severity}: ${redactForLog(n.message)}${n.hint ? ` ${redactForLog(n.hint)}` : ''}\n`);
    const f = findingsOf(report);
    return args.strict && f.breaking + f.secrets + f.links > 0 ? EXIT_SOURCE_ERRORS : EXIT_OK;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`livewiki: ${redactForLog(error.message)}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
