// Checks the one-pass blame engine against git itself on a real repository:
//   node scripts/verify-blame.ts <repo> [--files N] [--match REGEX] [--max-bytes B] [--all] [--ignore-revs <file>] [--jobs J]
// Blames the documented files (Markdown, OpenAPI/YAML/JSON, config, TypeScript/JavaScript;
// `--all`: every file) under a size cap with the engine, then runs plain
// `git blame --first-parent` (`--ignore-revs-file` with --ignore-revs) on every one of them, and
// reports every line whose commit differs. Exit code 1 when any line differs.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { listTreeFiles, openRepo } from '../src/git/repo.ts';
import { buildHistoryIndex } from '../src/history/log.ts';
import { parsePorcelain } from '../src/history/git-blame.ts';
import { logBlame, pool } from '../src/history/log-blame.ts';

const run = promisify(execFile);

const DOC_RE = /\.(md|mdx|markdown|rst|txt|ya?ml|json|jsonc|toml|ini|cfg|conf|ts|tsx|mts|cts|js|jsx|mjs|cjs)$|(^|\/)(Dockerfile|Makefile|README|LICENSE|CODEOWNERS)$/i;

interface Args {
  repo: string;
  files: number | null;
  maxBytes: number;
  all: boolean;
  ignoreRevs: string | null;
  jobs: number;
  match: RegExp | null;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { repo: '', files: null, maxBytes: 2 * 1024 * 1024, all: false, ignoreRevs: null, jobs: 2, match: null };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i]!;
    if (v === '--files') a.files = Number(argv[++i]);
    else if (v === '--max-bytes') a.maxBytes = Number(argv[++i]);
    else if (v === '--all') a.all = true;
    else if (v === '--ignore-revs') a.ignoreRevs = argv[++i]!;
    else if (v === '--jobs') a.jobs = Number(argv[++i]);
    else if (v === '--match') a.match = new RegExp(argv[++i]!);
    else a.repo = v;
  }
  if (!a.repo) {
    process.stderr.write('usage: node scripts/verify-blame.ts <repo> [--files N] [--match REGEX] [--max-bytes B] [--all] [--ignore-revs <file>] [--jobs J]\n');
    process.exit(2);
  }
  return a;
}

/** Plain git, isolated from user and system config: the oracle. */
async function oracle(root: string, head: string, path: string, ignoreFile: string | null): Promise<string[] | string> {
  const args = ['-C', root, 'blame', '--porcelain', '--first-parent', ...(ignoreFile ? ['--ignore-revs-file', ignoreFile] : []), head, '--', path];
  try {
    const { stdout } = await run('git', args, {
      encoding: 'buffer',
      maxBuffer: 1 << 30,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C', LC_ALL: 'C', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', HOME: '/nonexistent' },
    });
    return parsePorcelain(stdout).shas;
  } catch (err) {
    return String((err as { stderr?: Buffer }).stderr ?? err).split('\n')[0]!;
  }
}

const ms = (t0: number): string => `${((performance.now() - t0) / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const opened = await openRepo(args.repo);
  if (!opened.ok) throw new Error(opened.error.message);
  const repo = opened.value;
  const head = repo.head!;
  const tree = await listTreeFiles(repo, head);
  if (!tree.ok) throw new Error(tree.error.message);
  const sizes = new Map<string, number>();
  {
    const blobs = tree.value.files.filter((f) => f.mode !== '120000').map((f) => f.blob);
    const child = execFile('git', ['-C', repo.root, 'cat-file', '--batch-check'], { maxBuffer: 1 << 30 });
    const out: string = await new Promise((resolve) => {
      let text = '';
      child.stdout!.on('data', (d: string) => (text += d));
      child.on('close', () => resolve(text));
      child.stdin!.end(blobs.join('\n') + '\n');
    });
    for (const line of out.split('\n')) {
      const [id, type, size] = line.split(' ');
      if (id && type === 'blob') sizes.set(id, Number(size));
    }
  }
  let candidates = tree.value.files
    .filter((f) => f.mode !== '120000' && (args.all || DOC_RE.test(f.path)) && (!args.match || args.match.test(f.path)))
    .filter((f) => {
      const s = sizes.get(f.blob);
      return s !== undefined && s <= args.maxBytes;
    })
    .map((f) => ({ path: f.path, blob: f.blob }))
    .sort((a, b) => (a.path < b.path ? -1 : 1));
  const missingBlobs = tree.value.files.filter((f) => (args.all || DOC_RE.test(f.path)) && !sizes.has(f.blob)).length;
  if (args.files !== null && candidates.length > args.files) {
    // A deterministic spread over the whole tree, not just its first folder.
    const step = candidates.length / args.files;
    candidates = Array.from({ length: args.files }, (_, i) => candidates[Math.floor(i * step)]!);
  }

  let t0 = performance.now();
  const index = await buildHistoryIndex(repo);
  if (!index.ok) throw new Error(index.error.message);
  const tIndex = ms(t0);
  const ignoreRevs = args.ignoreRevs
    ? readFileSync(args.ignoreRevs, 'utf8').split('\n').map((l) => l.replace(/#.*/, '').trim()).filter((l) => /^[0-9a-f]{40}$/.test(l))
    : [];

  t0 = performance.now();
  const result = await logBlame(repo, {
    head,
    files: candidates.map((c) => ({ ...c, formerPaths: index.value.formerPaths(c.path) })),
    ignoreRevs,
  });
  const tEngine = ms(t0);

  t0 = performance.now();
  let lines = 0;
  let mismatches = 0;
  let mismatchedFiles = 0;
  let oracleFailures = 0;
  let agreedFailures = 0;
  const report: string[] = [];
  await pool(candidates, args.jobs, async (c) => {
    const expected = await oracle(repo.root, head, c.path, args.ignoreRevs);
    const got = result.blames.get(c.path);
    if (typeof expected === 'string') {
      if (!got) agreedFailures++;
      else {
        oracleFailures++;
        report.push(`${c.path}: git blame failed (${expected}) but the engine answered`);
      }
      return;
    }
    lines += expected.length;
    if (!got) {
      mismatches += expected.length;
      mismatchedFiles++;
      report.push(`${c.path}: the engine has no answer (${result.failures.get(c.path)?.message ?? 'no blame'})`);
      return;
    }
    let bad = 0;
    const n = Math.max(expected.length, got.lines.length);
    for (let i = 0; i < n; i++) {
      if (expected[i] !== got.lines[i]) {
        if (bad < 5) report.push(`${c.path}:${i + 1}: git ${expected[i]?.slice(0, 12) ?? '(none)'} engine ${got.lines[i]?.slice(0, 12) ?? '(none)'} (${got.via})`);
        bad++;
      }
    }
    if (bad > 0) {
      mismatches += bad;
      mismatchedFiles++;
    }
  });
  const tOracle = ms(t0);
  const s = result.stats;
  for (const line of report.sort()) process.stdout.write(`${line}\n`);
  process.stdout.write(
    [
      `repository ${repo.root} at ${head}: ${index.value.commits.size} first-parent commits`,
      `files checked: ${candidates.length} (${missingBlobs} documented file(s) skipped: blob missing from the clone)`,
      `lines checked: ${lines}`,
      `mismatched lines: ${mismatches} in ${mismatchedFiles} file(s)`,
      `files git blame could not blame either: ${agreedFailures}; git failed but the engine answered: ${oracleFailures}`,
      `engine: ${s.passes} pass(es), ${s.commits} commits read, ${s.restarts} restart(s), steps ${s.steps.total} (by tree ${s.steps.byTree}, by one-step blame ${s.steps.byBlame}, resumed ${s.steps.resumed}), fallbacks ${s.fallbacks.length}, ignore-revs files ${s.ignoreRevFiles}, failures ${result.failures.size}`,
      `engine phases (ms): ${JSON.stringify(s.ms)}`,
      ...s.fallbacks.slice(0, 10).map((f) => `  fallback ${f.path}: ${f.reason}`),
      `time: history index ${tIndex}, engine ${tEngine}, git blame per file (${args.jobs} jobs) ${tOracle}`,
    ].join('\n') + '\n',
  );
  process.exitCode = mismatches > 0 || oracleFailures > 0 ? 1 : 0;
}

await main();
