// `npm run bench -- incremental [repo]`: the CI life of a wiki. A cold build (empty cache) of a
// large repository, then one merge touching one Markdown file, one OpenAPI operation and one
// config key, then the rebuild with the cache; the same for `check` (no Astro build). Prints
// wall times, per-stage timings and rebuild/cold ratios (budget: 0.2).
//
// The repository is cloned (locally) into /tmp/bench-repos/<name>-incremental, so the benchmark's
// commit never touches the original clone; an existing clone is reset and reused.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { git } from './git.ts';
import { snapshotLivewiki } from './snapshot.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
let BIN = join(ROOT, 'bin/livewiki.js');

const DEFAULT_REPO = '/tmp/bench-repos/langfuse';

interface Summary {
  pages: number;
  sections: number;
  errors: number;
  warnings: number;
  timings: Record<string, number>;
  cache: { hits: number; misses: number; rebuilt: number; byKind: Record<string, { hits: number; misses: number; rebuilt: number }> } | null;
}

interface Run {
  ms: number;
  summary: Summary;
}

function livewiki(cwd: string, args: string[]): Run {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args, '--json', '--quiet'], { cwd, encoding: 'utf8', env: { ...process.env, CI: '1' }, maxBuffer: 1 << 28 });
  const ms = Math.round(performance.now() - t0);
  if (r.status === null || r.status > 1 || r.stdout.trim() === '') throw new Error(`livewiki ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return { ms, summary: JSON.parse(r.stdout) as Summary };
}

/** A private clone at the source's HEAD (reused when present). */
function prepareClone(source: string): string {
  const dir = join('/tmp/bench-repos', `${basename(source)}-incremental`);
  const head = git(source, 'rev-parse', 'HEAD').trim();
  if (!existsSync(join(dir, '.git'))) git('/tmp', 'clone', '--quiet', '--no-hardlinks', source, dir);
  git(dir, 'fetch', '--quiet', source, head);
  git(dir, 'checkout', '--quiet', '-B', 'bench', head);
  git(dir, 'reset', '--quiet', '--hard', head);
  git(dir, 'clean', '-fdxq');
  return dir;
}

interface Edit {
  kind: string;
  path: string;
}

/** One Markdown file, one OpenAPI operation, one config key: the merge under test. */
function editOneOfEach(dir: string): Edit[] {
  const files = git(dir, 'ls-files').split('\n');
  const edits: Edit[] = [];
  const md = files.find((f) => f === 'CONTRIBUTING.md') ?? files.find((f) => f.endsWith('.md') && !f.split('/').some((s) => s.startsWith('.')));
  if (md) {
    writeFileSync(join(dir, md), `${readFileSync(join(dir, md), 'utf8')}\nOne more line from the incremental benchmark.\n`);
    edits.push({ kind: 'markdown', path: md });
  }
  const spec = files.find((f) => /openapi\.ya?ml$/.test(f));
  if (spec) {
    const text = readFileSync(join(dir, spec), 'utf8');
    // The first operation description (indented under a method) gets a few more words.
    const next = text.replace(/^( {6}description: )(.+)$/m, '$1$2 (edited by the benchmark)');
    if (next !== text) {
      writeFileSync(join(dir, spec), next);
      edits.push({ kind: 'openapi operation', path: spec });
    }
  }
  const config = files.find((f) => /(^|\/)docker-compose\.ya?ml$/.test(f)) ?? files.find((f) => /\.ya?ml$/.test(f) && !f.includes('openapi'));
  if (config) {
    const text = readFileSync(join(dir, config), 'utf8');
    const next = text.replace(/^(\s+restart: )(\S+)$/m, '$1unless-stopped').replace(/^(\s+image: )(\S+)$/m, (all, k: string, v: string) => (text.includes('restart:') ? all : `${k}${v}-bench`));
    if (next !== text) {
      writeFileSync(join(dir, config), next);
      edits.push({ kind: 'config key', path: config });
    }
  }
  git(dir, 'commit', '--quiet', '-am', 'Benchmark: one doc, one operation, one config key');
  return edits;
}

function ratio(a: number, b: number): string {
  return b === 0 ? '-' : (a / b).toFixed(2);
}

function stageTable(cold: Run, warm: Run): string[] {
  const stages = [...new Set([...Object.keys(cold.summary.timings), ...Object.keys(warm.summary.timings)])];
  return stages.map((s) => {
    const c = cold.summary.timings[s] ?? 0;
    const w = warm.summary.timings[s] ?? 0;
    return `  ${s.padEnd(16)} ${String(c).padStart(8)} ms ${String(w).padStart(8)} ms  ${ratio(w, c).padStart(5)}`;
  });
}

function cacheLine(run: Run): string {
  const c = run.summary.cache;
  if (!c) return 'cache off';
  return Object.entries(c.byKind)
    .map(([k, v]) => `${k} ${v.hits}/${v.hits + v.misses + v.rebuilt}`)
    .join(', ');
}

export async function benchIncremental(args: string[]): Promise<string> {
  const source = resolve(args[0] ?? DEFAULT_REPO);
  if (!existsSync(join(source, '.git'))) throw new Error(`not a git clone: ${source} (clone a large repository there first, e.g. langfuse/langfuse)`);
  const dir = prepareClone(source);
  const work = mkdtempSync(join(tmpdir(), 'livewiki-bench-incr-'));
  const cache = join(work, 'cache');
  const checkCache = join(work, 'check-cache');
  const out = join(work, 'out');
  const snapshot = snapshotLivewiki();
  BIN = join(snapshot, 'bin/livewiki.js');
  try {
    const coldBuild = livewiki(dir, ['build', '--out', out, '--cache', cache]);
    const coldCheck = livewiki(dir, ['check', '--cache', checkCache]);
    const edits = editOneOfEach(dir);
    const warmBuild = livewiki(dir, ['build', '--out', out, '--cache', cache]);
    const warmCheck = livewiki(dir, ['check', '--cache', checkCache]);
    const s = coldBuild.summary;
    const siteTime = (run: Run) => Object.entries(run.summary.timings).reduce((sum, [stage, ms]) => sum + (stage.startsWith('site:') ? ms : 0), 0);
    const siteCold = siteTime(coldBuild);
    const siteWarm = siteTime(warmBuild);
    return [
      `incremental: ${basename(source)} at ${git(source, 'rev-parse', '--short', 'HEAD').trim()}, ${git(dir, 'rev-list', '--count', 'HEAD').trim()} commits, ${s.pages} pages, ${s.sections} sections`,
      `merge: ${edits.map((e) => `${e.kind} (${e.path})`).join('; ')}`,
      '',
      `build  cold ${coldBuild.ms} ms, rebuild ${warmBuild.ms} ms: ratio ${ratio(warmBuild.ms, coldBuild.ms)} (budget 0.20)`,
      `check  cold ${coldCheck.ms} ms, rebuild ${warmCheck.ms} ms: ratio ${ratio(warmCheck.ms, coldCheck.ms)}`,
      `site stages (Astro, pages, search, gate, publish): cold ${siteCold} ms, rebuild ${siteWarm} ms: ratio ${ratio(siteWarm, siteCold)}, ${ratio(siteWarm, warmBuild.ms)} of the rebuild`,
      `build without the site stages: cold ${coldBuild.ms - siteCold} ms, rebuild ${warmBuild.ms - siteWarm} ms: ratio ${ratio(warmBuild.ms - siteWarm, coldBuild.ms - siteCold)}`,
      `cache hits on rebuild: ${cacheLine(warmBuild)}`,
      '',
      '  build stage          cold     rebuild  ratio',
      ...stageTable(coldBuild, warmBuild),
      '',
      '  check stage          cold     rebuild  ratio',
      ...stageTable(coldCheck, warmCheck),
    ].join('\n');
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(snapshot, { recursive: true, force: true });
  }
}
