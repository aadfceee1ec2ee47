// `npm run bench -- changes <repo> [kinds] [depth]`: the change history stage (issue 14) on a real
// repository, cold and incremental. The repository is cloned locally (the original is never
// touched); then, in fresh processes:
//   cold: snapshot, history and extraction (their own cache, warmed first), then the change
//         history stage with an empty store of its own: every version parsed, every pair compared;
//   incremental: one more commit (an operation's description and a config value edited), the
//         same again with the stage's store from the cold run: only the new pairs compared.
// `kinds` restricts the sources followed (`openapi`, `config`, `markdown`, `typescript`; comma
// separated; default all but typescript) so one kind's cost can be read on its own. Reports wall
// and CPU time of the stage alone, pairs compared and reused, versions parsed, and the ratio
// incremental / cold (budget 0.2). The machine may be shared: compare the ratios and CPU times.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { git } from './git.ts';

const run = promisify(execFile);


interface ChildResult {
  ms: number;
  cpuMs: number;
  maxRssMiB: number;
  prepareMs: number;
  sources: Record<string, number>;
  versions: number;
  stats: { compared: number; reused: number; parsed: number };
  records: number;
  warnings: string[];
}

/** Runs in a fresh process: the stages before, then the change history stage alone, timed. */
export async function child(dir: string, prepCache: string, changesCache: string, kindsArg: string, depthArg: string): Promise<string> {
  const { loadConfig } = await import('../src/config/load.ts');
  const { CacheStore } = await import('../src/cache/store.ts');
  const { Diagnostics } = await import('../src/model/diagnostics.ts');
  const { openSnapshots } = await import('../src/snapshot/open.ts');
  const { readHistory } = await import('../src/history/read.ts');
  const { extractRepo } = await import('../src/extract/index.ts');
  const { createTemplateEnv } = await import('../src/render/handlebars.ts');
  const { semanticHistory } = await import('../src/changes/stage.ts');
  const { listSources } = await import('../src/changes/sources.ts');
  const { fileVersions } = await import('../src/changes/versions.ts');
  const kinds = new Set(kindsArg.split(','));
  const depth = depthArg === 'all' ? Number.POSITIVE_INFINITY : Number(depthArg);
  const t0 = performance.now();
  const config = await loadConfig({ cwd: dir, cache: false });
  const diagnostics = new Diagnostics();
  // A fixed salt: the stores stay valid whatever changes in livewiki's sources meanwhile.
  const prep = new CacheStore(prepCache, 'bench');
  const templates = createTemplateEnv();
  const repos = await openSnapshots(config, diagnostics);
  const inputs = [];
  let versions = 0;
  const sources: Record<string, number> = {};
  for (const r of repos) {
    const history = await readHistory(r.git, r.snapshot, { ticketPrefixes: [], diagnostics, store: prep });
    const extracted = await extractRepo(r.snapshot, r.files, { templates, store: prep });
    const KIND: Record<string, string> = { doc: 'markdown', openapi: 'openapi', config: 'config', typescript: 'typescript' };
    const kindOf = (unit: (typeof extracted.units)[number]) => KIND[unit.pages[0]?.kind ?? ''] ?? '';
    const kept = { ...extracted, units: extracted.units.filter((u) => kinds.has(kindOf(u))) };
    for (const s of listSources(kept, r.snapshot, r.files)) {
      sources[s.kind] = (sources[s.kind] ?? 0) + 1;
      if (s.kind !== 'typescript') versions += fileVersions(history, s.path, depth).versions.length;
    }
    inputs.push({ snapshot: r.snapshot, git: r.git, files: r.files, extracted: kept, history });
  }
  const prepareMs = performance.now() - t0;
  const store = new CacheStore(changesCache, 'bench');
  const cpu0 = process.cpuUsage();
  const t1 = performance.now();
  const result = await semanticHistory(inputs, { depth, releases: kinds.has('typescript') ? 10 : 0, recent: 10 }, { templates, store, diagnostics });
  const ms = performance.now() - t1;
  const cpu = process.cpuUsage(cpu0);
  const out: ChildResult = {
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    prepareMs,
    sources,
    versions,
    stats: result.stats,
    records: result.records.length,
    warnings: diagnostics.items.filter((d) => d.code.includes('CHANGES')).map((d) => `${d.code}: ${d.file ?? ''} ${d.message}`),
  };
  return JSON.stringify(out);
}

/** A private clone at the source's HEAD (reused when present, reset to that HEAD). */
function prepareClone(source: string): string {
  const dir = join('/tmp/bench-repos', `${basename(source)}-changes`);
  const head = git(source, 'rev-parse', 'HEAD').trim();
  if (!existsSync(join(dir, '.git'))) git('/tmp', 'clone', '--quiet', '--no-hardlinks', source, dir);
  git(dir, 'fetch', '--quiet', source, head);
  git(dir, 'checkout', '--quiet', '-B', 'bench', head);
  git(dir, 'reset', '--quiet', '--hard', head);
  git(dir, 'clean', '-fdxq');
  return dir;
}

/** One merge: the first operation description of each OpenAPI file and one config value edited. */
function editOnce(dir: string): string[] {
  const files = git(dir, 'ls-files').split('\n');
  const edited: string[] = [];
  for (const f of files) {
    if (!/\.(json|ya?ml)$/.test(f) || f.includes('node_modules')) continue;
    const text = readFileSync(join(dir, f), 'utf8');
    if (/^\s*["']?(openapi|swagger)["']?\s*:/m.test(text.slice(0, 4096))) {
      const next = text.replace(/("description"\s*:\s*")([^"]{8,})"/, '$1$2 (edited by the benchmark)"').replace(/^( {6}description: )(.+)$/m, '$1$2 (edited by the benchmark)');
      if (next !== text) {
        writeFileSync(join(dir, f), next);
        edited.push(f);
      }
    }
  }
  const config = files.find((f) => /(^|\/)(docker-)?compose\.ya?ml$/.test(f)) ?? files.find((f) => /\.ya?ml$/.test(f) && !f.includes('openapi') && !f.startsWith('.github/'));
  if (config) {
    const text = readFileSync(join(dir, config), 'utf8');
    const next = text.replace(/^(\s*[\w.-]+:\s*)(\d+)\s*$/m, (_all, k: string, v: string) => `${k}${Number(v) + 1}`);
    if (next !== text) {
      writeFileSync(join(dir, config), next);
      edited.push(config);
    }
  }
  git(dir, 'commit', '--quiet', '-am', 'Benchmark: one more version');
  return edited;
}

const f0 = (n: number) => n.toFixed(0);

export async function benchChanges(args: string[]): Promise<string> {
  const [repoArg, kindsArg = 'openapi,config,markdown', depthArg = 'all'] = args;
  if (!repoArg) throw new Error('usage: npm run bench -- changes <repo> [kinds] [depth]');
  const source = resolve(repoArg);
  const dir = prepareClone(source);
  const work = mkdtempSync(join(tmpdir(), 'livewiki-bench-changes-'));
  const prep = join(work, 'prep');
  const store = join(work, 'changes');
  const childRun = async (): Promise<ChildResult> => {
    const { stdout } = await run(process.execPath, [new URL('./run.ts', import.meta.url).pathname, 'changes-child', dir, prep, store, kindsArg, depthArg], { maxBuffer: 1 << 28 });
    return JSON.parse(stdout) as ChildResult;
  };
  try {
    // Warms the stages before (their cache), then measures the stage cold on an empty store.
    await childRun();
    rmSync(store, { recursive: true, force: true });
    const cold = await childRun();
    const edited = editOnce(dir);
    const incremental = await childRun();
    const line = (name: string, r: ChildResult) =>
      `${name.padEnd(12)} ${f0(r.ms).padStart(8)} ms  CPU ${f0(r.cpuMs).padStart(8)} ms  RSS ${f0(r.maxRssMiB).padStart(5)} MiB  compared ${String(r.stats.compared).padStart(5)}  reused ${String(r.stats.reused).padStart(5)}  parsed ${String(r.stats.parsed).padStart(5)}  changes ${r.records}`;
    return [
      `changes bench: ${basename(source)} @ ${git(source, 'rev-parse', '--short', 'HEAD').trim()}, kinds ${kindsArg}, depth ${depthArg}`,
      `sources: ${Object.entries(cold.sources).map(([k, n]) => `${k} ${n}`).join(', ')}; versions ${cold.versions}`,
      `one more commit edits: ${edited.join(', ') || '(nothing found to edit)'}`,
      '',
      line('cold', cold),
      line('incremental', incremental),
      '',
      `incremental / cold: wall ${(incremental.ms / cold.ms).toFixed(3)}, CPU ${(incremental.cpuMs / cold.cpuMs).toFixed(3)} (budget 0.20)`,
      `stages before (snapshot, history, extract; cached): ${f0(cold.prepareMs)} ms cold run, ${f0(incremental.prepareMs)} ms incremental run`,
      ...cold.warnings.slice(0, 5).map((w) => `warning ${w}`),
    ].join('\n');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
