// Command-line parsing: a small, strict surface. Unknown options are usage errors (exit 2).

import { parseArgs } from 'node:util';
import { siteProblem } from '../config/site-url.ts';
import { FORMATS, type Format } from './reporters/index.ts';

export interface RunArgs {
  command: 'build' | 'check';
  out?: string;
  /** `--site URL`: the absolute URL the wiki is served at. */
  site?: string;
  config?: string;
  repo?: string;
  deepen: boolean;
  quiet: boolean;
  verbose: boolean;
  /** `--json`: a run summary as JSON on stdout. */
  json: boolean;
  /** `--strict` (check): warnings fail the run too. */
  strict: boolean;
  format: Format;
  /** `--cache DIR`, or false for `--no-cache`. */
  cache?: string | false;
  /** `--trust-config`: the config file is trusted like the CI workflow, even inside a repository. */
  trustConfig: boolean;
}

export interface InitArgs {
  command: 'init';
  json: boolean;
  force: boolean;
}

export const DIFF_FORMATS = ['markdown', 'json', 'github'] as const;

export interface DiffArgs {
  command: 'diff';
  base: string;
  head?: string;
  format: (typeof DIFF_FORMATS)[number];
  config?: string;
  repo?: string;
  /** `--cache DIR`, or false for `--no-cache`. */
  cache?: string | false;
  trustConfig: boolean;
  /** `--strict`: exit 1 when the report has findings (breaking API changes, secrets, broken links). */
  strict: boolean;
  quiet: boolean;
}

export type ParsedArgs = RunArgs | InitArgs | DiffArgs | { command: 'help'; topic?: string } | { command: 'version' };

/** Kept for callers of the first version of the CLI. */
export type BuildArgs = RunArgs;

export class UsageError extends Error {
  override name = 'UsageError';
}

export const HELP = `livewiki: turns git repositories into an always-current wiki

Usage:
  livewiki build [--out DIR] [--config FILE] [--repo PATH] [--site URL] [--deepen]
                 [--cache DIR | --no-cache] [--trust-config] [--format stylish|json|github]
                 [--quiet | --verbose] [--json]
  livewiki check [--config FILE] [--repo PATH] [--strict] [--format stylish|json|github] [--json] ...
  livewiki diff --base REF [--head REF] [--format markdown|json|github] [--strict] [--config FILE] ...
  livewiki init [--force]
  livewiki --help | --version

Commands:
  build        Build the wiki of the configured repositories (default: the git repository in
               the current directory) into the output folder (default: ./livewiki-dist).
  check        Everything build does except building and publishing the site: config, sources,
               extraction (specs, front matter…), internal links and #anchors of the rendered
               pages, the secret gate, shallow-history warnings. The Astro build is skipped (so
               check is fast); links are checked on the same rendered page bodies build uses.
  diff         Compare the wiki at two commits without building a site: pages and sections
               added, changed, removed and moved, URLs that will redirect or become tombstones,
               API changes (breaking first), secrets and broken links in the changed files.
               Compares with the merge base of --base and --head (default HEAD), like a pull
               request; reads git objects only, never the working tree.
  init         Write livewiki.config.json, .github/workflows/livewiki.yml and
               docs/ci/gitlab-ci.example.yml; existing files are kept unless --force.
               Adds .livewiki-cache/ to .gitignore.

Options:
  --out DIR        Output folder; replaced atomically, only if it is a livewiki output.
  --site URL       The absolute URL the wiki is served at (config key site), e.g.
                   https://acme.github.io/wiki/: canonical URLs and the 404 page use it. Pages
                   link relatively, so the wiki works under any path even without it. An empty
                   value is the same as leaving the option out.
  --config FILE    livewiki.config.ts, .mjs or .json (default: found in the current directory).
  --repo PATH      Document this repository instead of the configured ones.
  --deepen         On a shallow clone, fetch the missing history from origin first (https
                   and ssh origins only).
  --trust-config   Trust the config file like the CI workflow that runs livewiki: without it,
                   a code config (.ts/.mjs/.js) inside a git repository is not run, and a JSON
                   config inside a documented repository may set content keys only (not out,
                   templates, cacheDir, secrets, showEmails).
  --cache DIR      Cache folder for incremental builds (default: outside the checkout, in
                   ~/.cache/livewiki or $XDG_CACHE_HOME/livewiki; config key cacheDir). A folder
                   inside a documented repository, tracked by git or holding a link is refused.
  --no-cache       Neither read nor write the cache.
  --strict         check: warnings fail the run too (exit 1). diff: a breaking API change, a
                   secret or a broken link in the changed files fails it (exit 1).
  --base REF       diff: the branch, tag or commit to compare with (e.g. origin/main).
  --head REF       diff: the commit to compare (default HEAD).
  --format NAME    Problems as stylish (default; file:line:col, grouped by file, with hints),
                   json (an array on stdout) or github (workflow annotations on stdout).
                   diff: markdown (default), json (README, "livewiki diff") or github (the
                   pull-request comment on stdout, the report appended to $GITHUB_STEP_SUMMARY).
  --json           A run summary as JSON on stdout: pages, sections, warnings, errors, timings
                   per stage, cache hits (with --format json, the problems are included).
  --quiet          Print errors only; no progress.
  --verbose        Also print informational diagnostics and stage starts.
  --force          init: replace existing files.
  -h, --help       Show this help.
  -v, --version    Show the version.

Progress goes to stderr: a live task list on a terminal, timestamped lines in CI (CI set, or
no terminal).

Exit status: 0 success, 1 errors in sources (see failOn; check --strict: warnings too),
2 usage or configuration error.
`;

export function parseCli(argv: string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string' },
        site: { type: 'string' },
        config: { type: 'string' },
        repo: { type: 'string' },
        cache: { type: 'string' },
        'no-cache': { type: 'boolean', default: false },
        format: { type: 'string' },
        deepen: { type: 'boolean', default: false },
        'trust-config': { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        strict: { type: 'boolean', default: false },
        base: { type: 'string' },
        head: { type: 'string' },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.version) return { command: 'version' };
  if (values.help || positionals.length === 0) return { command: 'help' };
  const [command, ...rest] = positionals;
  if (command !== 'build' && command !== 'check' && command !== 'init' && command !== 'diff') throw new UsageError(`unknown command "${command}"; try "livewiki --help"`);
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  const only = (names: (keyof typeof values)[], where: string) => {
    for (const n of names) {
      const v = values[n];
      if (v !== undefined && v !== false) throw new UsageError(`--${n} is not an option of "livewiki ${command}" (only of ${where})`);
    }
  };
  if (command !== 'diff') only(['base', 'head'], 'diff');
  if (command === 'diff') {
    only(['out', 'deepen', 'force', 'verbose', 'json'], 'build, check or init');
    if (values.base === undefined) throw new UsageError('livewiki diff needs --base REF (the branch or commit to compare with, e.g. --base origin/main)');
    if (values.cache !== undefined && values['no-cache']) throw new UsageError('--cache and --no-cache contradict each other');
    const format = values.format ?? 'markdown';
    if (!(DIFF_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${DIFF_FORMATS.join(', ')} for diff; got "${format}"`);
    return {
      command,
      base: values.base,
      ...(values.head !== undefined ? { head: values.head } : {}),
      format: format as DiffArgs['format'],
      config: values.config,
      repo: values.repo,
      cache: values['no-cache'] ? false : values.cache,
      trustConfig: values['trust-config'] ?? false,
      strict: values.strict ?? false,
      quiet: values.quiet ?? false,
    };
  }
  if (command === 'init') {
    only(['out', 'site', 'config', 'repo', 'cache', 'no-cache', 'format', 'deepen', 'strict', 'trust-config'], 'build and check');
    return { command: 'init', json: values.json ?? false, force: values.force ?? false };
  }
  only(['force'], 'init');
  if (command === 'build') only(['strict'], 'check');
  // An empty --site (a CI variable that is not set) means no site, like leaving the option out.
  if (values.site !== undefined && values.site !== '') {
    const problem = siteProblem(values.site);
    if (problem !== null) throw new UsageError(`--site: "${values.site}" ${problem}`);
  }
  if (values.quiet && values.verbose) throw new UsageError('--quiet and --verbose contradict each other');
  if (values.cache !== undefined && values['no-cache']) throw new UsageError('--cache and --no-cache contradict each other');
  const format = values.format ?? 'stylish';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}; got "${format}"`);
  return {
    command,
    out: values.out,
    ...(values.site !== undefined && values.site !== '' ? { site: values.site } : {}),
    config: values.config,
    repo: values.repo,
    deepen: values.deepen ?? false,
    quiet: values.quiet ?? false,
    verbose: values.verbose ?? false,
    json: values.json ?? false,
    strict: values.strict ?? false,
    format: format as Format,
    cache: values['no-cache'] ? false : values.cache,
    trustConfig: values['trust-config'] ?? false,
  };
}
