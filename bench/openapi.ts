// `npm run bench -- openapi [--runs N] [--no-build] [spec ...]`: the large corpus specs turned into
// pages by livewiki, side by side with `@redocly/cli build-docs` on the same file (issue 3).
// livewiki is measured twice: extract + render of every page body in a fresh process (the OpenAPI
// stage alone), and optionally a full `livewiki build` of a temporary git repository holding just
// the spec (Astro and Pagefind included), which, like build-docs, ends in HTML files on disk.
// Redocly CLI is never a project dependency: it is installed on first use into a cache folder
// outside the repository and run with telemetry and update notices off. Runs are interleaved so
// that load from other jobs on a shared machine hits every tool alike; medians are reported.
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import type { RepoFiles } from '../src/extract/openapi/index.ts';
import { fillBody } from '../src/render/body.ts';

const execFileAsync = promisify(execFile);

const CORPUS = fileURLToPath(new URL('../test/corpus/openapi/', import.meta.url));
const PROJECT = fileURLToPath(new URL('../', import.meta.url));
const DEFAULT_SPECS = ['twilio-api-v2010.json', 'box.json', 'langfuse.yml'];
const REDOCLY_DIR = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'livewiki-bench', 'redocly');
const REDOCLY_CLI = join(REDOCLY_DIR, 'node_modules', '@redocly', 'cli');
/** Offline and quiet: no usage data, no update or announcement checks (names read from the CLI's sources). */
const REDOCLY_ENV = { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' };
const TIME = '/usr/bin/time';
/** Loaded with `--import` when /usr/bin/time is missing: the process reports its own peak RSS. */
const RSS_HOOK = `data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('\\nLWRSS '+u.maxRSS+' '+u.userCPUTime/1e6+' '+u.systemCPUTime/1e6+'\\n')})`;

/** What the child process measures: livewiki's OpenAPI stage on one spec. */
interface StageMeasure {
  importMs: number;
  extractMs: number;
  renderMs: number;
  maxRssMiB: number;
  pages: number;
  sections: number;
  htmlBytes: number;
  errors: number;
  warnings: number;
}

interface ProcessMeasure {
  ms: number;
  /** User + system CPU of the process tree: steadier than wall time on a loaded machine. */
  cpuMs: number;
  maxRssMiB: number;
}

interface BuildMeasure extends ProcessMeasure {
  /** Output size, or null when the build stopped before publishing (see `gate`). */
  bytes: number | null;
  htmlFiles: number;
  /** Milliseconds per pipeline stage, from `--json` where this livewiki has it. */
  timings: Record<string, number>;
  /** Findings of the secret gate when it refused to publish (the work is done; only the publish step is skipped). */
  gate: number | null;
}

interface Row {
  spec: string;
  specBytes: number;
  stage: (StageMeasure & { processMs: number; processCpuMs: number })[];
  build: BuildMeasure[];
  redocly: (ProcessMeasure & { bytes: number })[];
}

/** Child mode: extract + render one spec in this (fresh) process; returns a StageMeasure as JSON. */
export async function child(specPath: string): Promise<string> {
  const t0 = performance.now();
  const { extractOpenApi } = await import('../src/extract/openapi/index.ts');
  const { createTemplateEnv } = await import('../src/render/handlebars.ts');
  const { Diagnostics } = await import('../src/model/diagnostics.ts');
  const t1 = performance.now();
  // The spec alone, as in a repository holding just that file; reads go through the adapter.
  const name = basename(specPath);
  const files: RepoFiles = { repo: 'bench', paths: [name], read: (p) => (p === name ? readFileSync(specPath, 'utf8') : null) };
  const templates = createTemplateEnv();
  const diagnostics = new Diagnostics();
  const pages = await extractOpenApi({ files, root: name, templates, diagnostics });
  const t2 = performance.now();
  let htmlBytes = 0;
  for (const page of pages) htmlBytes += Buffer.byteLength(fillBody(page.body, () => ''), 'utf8');
  const t3 = performance.now();
  if (pages.length === 0) throw new Error(`${name}: no pages: ${JSON.stringify(diagnostics.items)}`);
  const measure: StageMeasure = {
    importMs: t1 - t0,
    extractMs: t2 - t1,
    renderMs: t3 - t2,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    pages: pages.length,
    sections: pages.reduce((n, p) => n + p.sections.length, 0),
    htmlBytes,
    errors: diagnostics.items.filter((d) => d.severity === 'error').length,
    warnings: diagnostics.items.filter((d) => d.severity === 'warning').length,
  };
  return JSON.stringify(measure);
}

/**
 * Runs `node <args>` to completion with wall time and peak RSS: via /usr/bin/time where present
 * (peak of the process and its waited-for descendants, e.g. Pagefind), else an `--import` hook that
 * reports the Node process's own peak.
 */
async function timed(nodeArgs: string[], options: { cwd: string; env?: Record<string, string>; okCodes?: number[] }): Promise<ProcessMeasure & { stdout: string; stderr: string }> {
  const useTime = existsSync(TIME);
  const [cmd, argv] = useTime ? [TIME, ['-f', 'LWRSS %M %U %S', process.execPath, ...nodeArgs]] : [process.execPath, ['--import', RSS_HOOK, ...nodeArgs]];
  const started = performance.now();
  const child = spawn(cmd, argv, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const ms = performance.now() - started;
  const rssLine = stderr.split('\n').findLast((l) => l.startsWith('LWRSS '));
  // A failed command under /usr/bin/time adds "Command exited with non-zero status N" before our line.
  if (!(options.okCodes ?? [0]).includes(code ?? -1) || rssLine === undefined) {
    throw new Error(`node ${nodeArgs.join(' ')} exited with ${code}:\n${stderr.slice(-4000)}`);
  }
  const [kb, user, system] = rssLine.slice(6).split(' ').map(Number);
  return { ms, cpuMs: ((user ?? NaN) + (system ?? NaN)) * 1000, maxRssMiB: (kb ?? NaN) / 1024, stdout, stderr };
}

function treeSize(dir: string): { bytes: number; htmlFiles: number } {
  let bytes = 0;
  let htmlFiles = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    bytes += statSync(join(entry.parentPath, entry.name)).size;
    if (entry.name.endsWith('.html')) htmlFiles++;
  }
  return { bytes, htmlFiles };
}

/** Installs @redocly/cli into the cache folder unless it is there already; returns its version. */
async function ensureRedocly(): Promise<string> {
  const pkg = join(REDOCLY_CLI, 'package.json');
  if (!existsSync(pkg)) {
    mkdirSync(REDOCLY_DIR, { recursive: true });
    process.stderr.write(`installing @redocly/cli into ${REDOCLY_DIR} (once)\n`);
    // npm's own CLI under this Node when run through `npm run`, else whatever `npm` is on PATH.
    const npmCli = process.env.npm_execpath;
    const npmArgs = ['install', '--prefix', REDOCLY_DIR, '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', '@redocly/cli@latest'];
    const [cmd, argv] = npmCli?.endsWith('.js') ? [process.execPath, [npmCli, ...npmArgs]] : ['npm', npmArgs];
    await execFileAsync(cmd, argv, { cwd: REDOCLY_DIR, maxBuffer: 1 << 24 });
  }
  const { version, bin } = JSON.parse(readFileSync(pkg, 'utf8')) as { version: string; bin: Record<string, string> };
  if (bin.redocly === undefined || !existsSync(join(REDOCLY_CLI, bin.redocly))) throw new Error(`@redocly/cli ${version} in ${REDOCLY_DIR} has no redocly binary`);
  return version;
}

/** A git repository holding just the spec, committed by a fixed author at a fixed date. */
async function specRepo(dir: string, specPath: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  copyFileSync(specPath, join(dir, basename(specPath)));
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'Bench',
    GIT_AUTHOR_EMAIL: 'bench@example.invalid',
    GIT_COMMITTER_NAME: 'Bench',
    GIT_COMMITTER_EMAIL: 'bench@example.invalid',
    GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z',
    GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
  };
  for (const args of [['init', '-q', '-b', 'main'], ['add', '.'], ['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'Add the spec']]) {
    await execFileAsync('git', args, { cwd: dir, env });
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const ms = (n: number): string => `${Math.round(n)} ms`;
const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const rss = (m: number): string => `${Math.round(m)} MiB`;
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}x`;

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [line(header), `|${widths.map((w, i) => (i === 0 ? ':' : '-') + '-'.repeat(w) + (i === 0 ? '-' : ':')).join('|')}|`, ...rows.map(line)];
}

export async function benchOpenApi(args: string[]): Promise<string> {
  // Internal: `openapi --child <spec path>` is one measured extract + render in a fresh process.
  if (args[0] === '--child') return child(args[1]!);
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { runs: { type: 'string', default: '3' }, 'no-build': { type: 'boolean', default: false } },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('usage: npm run bench -- openapi [--runs N] [--no-build] [spec ...]');
  const specs = (positionals.length > 0 ? positionals : DEFAULT_SPECS).map((s) => (existsSync(s) ? s : join(CORPUS, s)));
  for (const s of specs) if (!existsSync(s)) throw new Error(`no such spec: ${s}`);
  const redoclyVersion = await ensureRedocly();
  const runTs = join(PROJECT, 'bench', 'run.ts');
  const livewikiJs = join(PROJECT, 'bin', 'livewiki.js');
  // Cold builds (no cache from the previous run) and the stage timings, where this livewiki has the flags.
  const help = (await execFileAsync(process.execPath, [livewikiJs, '--help'])).stdout;
  const buildFlags = ['--no-cache', '--json'].filter((f) => help.includes(f));
  const redoclyJs = join(REDOCLY_CLI, 'bin', 'cli.js');

  const root = mkdtempSync(join(tmpdir(), 'livewiki-bench-openapi-'));
  const rows: Row[] = [];
  try {
    for (const specPath of specs) {
      const spec = basename(specPath);
      process.stderr.write(`${spec}: `);
      const row: Row = { spec, specBytes: statSync(specPath).size, stage: [], build: [], redocly: [] };
      const repo = join(root, 'repo');
      rmSync(repo, { recursive: true, force: true });
      if (!values['no-build']) await specRepo(repo, specPath);
      for (let r = 0; r < runs; r++) {
        const stage = await timed([runTs, 'openapi', '--child', specPath], { cwd: root });
        row.stage.push({ ...(JSON.parse(stage.stdout.trim().split('\n').at(-1)!) as StageMeasure), processMs: stage.ms, processCpuMs: stage.cpuMs });

        const html = join(root, 'redoc.html');
        rmSync(html, { force: true });
        const red = await timed([redoclyJs, 'build-docs', specPath, '-o', html], { cwd: root, env: REDOCLY_ENV });
        row.redocly.push({ ms: red.ms, cpuMs: red.cpuMs, maxRssMiB: red.maxRssMiB, bytes: statSync(html).size });

        if (!values['no-build']) {
          const out = join(root, 'dist');
          rmSync(out, { recursive: true, force: true });
          // Exit 1 = built, with errors in the sources (the corpus specs have some); the site is still published.
          const built = await timed([livewikiJs, 'build', '--repo', repo, '--out', out, '--quiet', ...buildFlags], { cwd: root, okCodes: [0, 1] });
          const summary = buildFlags.includes('--json') ? (JSON.parse(built.stdout) as { published?: boolean; timings?: Record<string, number> }) : {};
          const published = summary.published ?? existsSync(join(out, 'index.html'));
          const gate = /Publishing stopped: (\d+) secret-looking/.exec(built.stderr);
          if (!published && gate === null) throw new Error(`livewiki build of ${spec} published nothing:\n${built.stderr.slice(-4000)}`);
          const size = published ? treeSize(out) : { bytes: null, htmlFiles: 0 };
          row.build.push({ ms: built.ms, cpuMs: built.cpuMs, maxRssMiB: built.maxRssMiB, ...size, timings: summary.timings ?? {}, gate: published ? null : Number(gate![1]) });
        }
        process.stderr.write('.');
      }
      process.stderr.write('\n');
      rows.push(row);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }

  const withBuild = !values['no-build'];
  // Wall and CPU (user + system) per cell: "wall / cpu".
  const both = (xs: { ms: number; cpuMs: number }[]): string => `${secs(median(xs.map((m) => m.ms)))} / ${secs(median(xs.map((m) => m.cpuMs)))}`;
  const header = [
    'spec',
    'size',
    'pages',
    'lw extract+render',
    'lw process wall / cpu',
    'lw RSS',
    'lw HTML',
    ...(withBuild ? ['lw full build wall / cpu', 'build RSS', 'build output'] : []),
    'redocly wall / cpu',
    'redocly RSS',
    'redocly HTML',
    'ratio process',
    ...(withBuild ? ['ratio build'] : []),
  ];
  const body = rows.map((row) => {
    const stage = row.stage.map((m) => ({ ms: m.processMs, cpuMs: m.processCpuMs }));
    const redMs = median(row.redocly.map((m) => m.ms));
    const redCpu = median(row.redocly.map((m) => m.cpuMs));
    const first = row.stage[0]!;
    const build = row.build[0];
    return [
      row.spec,
      mib(row.specBytes),
      String(first.pages),
      secs(median(row.stage.map((m) => m.extractMs + m.renderMs))),
      both(stage),
      rss(median(row.stage.map((m) => m.maxRssMiB))),
      mib(first.htmlBytes),
      ...(withBuild && build ? [both(row.build), rss(median(row.build.map((m) => m.maxRssMiB))), build.bytes === null ? `not published: ${build.gate} secret-gate findings` : `${mib(build.bytes)}, ${build.htmlFiles} html`] : []),
      both(row.redocly),
      rss(median(row.redocly.map((m) => m.maxRssMiB))),
      mib(row.redocly[0]!.bytes),
      `${ratio(median(stage.map((m) => m.ms)), redMs)} / ${ratio(median(stage.map((m) => m.cpuMs)), redCpu)}`,
      ...(withBuild ? [`${ratio(median(row.build.map((m) => m.ms)), redMs)} / ${ratio(median(row.build.map((m) => m.cpuMs)), redCpu)}`] : []),
    ];
  });
  const details = rows.map((row) => {
    const s = row.stage;
    const stages = [...new Set(row.build.flatMap((b) => Object.keys(b.timings)))];
    const buildLine = stages.length === 0 ? '' : `\n    full build stages: ${stages.map((k) => `${k} ${ms(median(row.build.map((b) => b.timings[k] ?? 0)))}`).join(', ')}`;
    return `  ${row.spec}: extract ${ms(median(s.map((m) => m.extractMs)))}, render ${ms(median(s.map((m) => m.renderMs)))}, module load ${ms(median(s.map((m) => m.importMs)))}; ${s[0]!.sections} sections; ${s[0]!.errors} errors, ${s[0]!.warnings} warnings reported${buildLine}`;
  });
  return [
    `openapi bench: median of ${runs} run(s) each, node ${process.version}, @redocly/cli ${redoclyVersion} (build-docs), ${existsSync(TIME) ? 'peak RSS via /usr/bin/time (largest process of the tree)' : 'peak RSS of the Node process only'}`,
    '',
    ...table(header, body),
    '',
    'Times are "wall / cpu" (cpu = user + system of the process tree; steadier than wall on a loaded machine); ratios are',
    'livewiki / redocly, wall / cpu (< 1 = livewiki faster). lw extract+render: extractOpenApi + renderBody of every page,',
    'in-process, module load excluded. lw process: that whole child process, Node start-up included: like for like with',
    '`redocly build-docs`, also a whole process ("ratio process"). lw full build: `livewiki build` of a git repository holding',
    'just the spec (history, Astro, Pagefind; an HTML file per page plus assets and search index), "ratio build".',
    'redocly HTML: one file, the embedded spec plus a pre-rendered shell; operations are rendered in the browser by Redoc.',
    '"not published": the secret gate found secret-looking example values in the built site and refused to publish; the',
    'build ran in full up to that gate (Astro and Pagefind included), so its time still counts; only the output size is missing.',
    ...details,
  ].join('\n');
}
