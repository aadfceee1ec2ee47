// Builds the same repositories with two livewiki checkouts and compares every published byte.
// Used to show that a refactoring changes no output (issue 11): `livewiki.json`, the ledger and
// every page, asset and search file.
//
//   node scripts/compare-builds.ts --other <livewiki checkout> [--repo <path> ...] [--fixtures-only] [--keep]
//
// Without `--repo`, it builds the fixture wiki of the tests, the two-repository wiki, and this
// repository itself at its HEAD. Each repository is built three ways by each checkout: without
// a cache, with a cold cache, and again with that (warm) cache after a new commit that touches a
// doc (so cached and fresh paths are both compared). Exit 1 when anything differs.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { makeFixtureWiki } from '../test/helpers/fixture-wiki.ts';
import { makeRunbooks } from '../test/e2e/two-repos.ts';

const args = process.argv.slice(2);
const value = (flag: string): string[] => args.flatMap((a, i) => (a === flag && args[i + 1] ? [args[i + 1]!] : []));
const other = value('--other')[0];
if (!other) {
  process.stderr.write('usage: node scripts/compare-builds.ts --other <livewiki checkout> [--repo <path> ...] [--keep]\n');
  process.exit(2);
}
const self = resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'livewiki-compare-'));

function files(root: string, dir = root): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...files(root, full));
    else out.push(relative(root, full));
  }
  return out.sort();
}

function compare(a: string, b: string): string[] {
  const fa = files(a);
  const fb = files(b);
  const problems: string[] = [];
  const setB = new Set(fb);
  for (const f of fa) {
    if (!setB.has(f)) problems.push(`only in ${a}: ${f}`);
    else if (!readFileSync(join(a, f)).equals(readFileSync(join(b, f)))) problems.push(`differs: ${f}`);
  }
  const setA = new Set(fa);
  for (const f of fb) if (!setA.has(f)) problems.push(`only in ${b}: ${f}`);
  return problems;
}

function build(checkout: string, repo: string, out: string, cache: string | null): void {
  const flags = cache ? ['--cache', cache] : ['--no-cache'];
  // Exit 1 (errors in sources) still publishes: the outputs are compared all the same.
  const r = spawnSync(process.execPath, [join(checkout, 'bin/livewiki.js'), 'build', '--repo', repo, '--out', out, '--quiet', ...flags], { cwd: scratch, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${checkout}: build of ${repo} exited ${r.status}`);
}

/** Copies `repo` (git history included) so a commit can be added without touching the original. */
function withNewCommit(repo: string, name: string): string {
  const copy = join(scratch, `${name}-next`);
  execFileSync('git', ['clone', '-q', '--no-hardlinks', repo, copy]);
  const docs = execFileSync('git', ['-C', copy, 'ls-files', '*.md'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  const target = docs[0] ?? 'NOTES.md';
  writeFileSync(join(copy, target), `${statSync(join(copy, target), { throwIfNoEntry: false }) ? readFileSync(join(copy, target), 'utf8') : '# Notes\n'}\n\nOne more line.\n`);
  const env = { ...process.env, GIT_AUTHOR_NAME: 'Cmp', GIT_AUTHOR_EMAIL: 'cmp@example.com', GIT_COMMITTER_NAME: 'Cmp', GIT_COMMITTER_EMAIL: 'cmp@example.com', GIT_AUTHOR_DATE: '2030-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2030-01-01T00:00:00Z' };
  execFileSync('git', ['-C', copy, 'add', '-A'], { env });
  execFileSync('git', ['-C', copy, 'commit', '-q', '-m', 'One more line'], { env });
  return copy;
}

const repos: { name: string; path: string }[] = [];
const given = value('--repo');
if (given.length > 0) {
  for (const [i, p] of given.entries()) repos.push({ name: `repo${i}`, path: resolve(p) });
} else {
  const fixture = makeFixtureWiki();
  const runbooks = makeRunbooks();
  const selfCopy = join(scratch, 'self');
  execFileSync('git', ['clone', '-q', '--no-hardlinks', self, selfCopy]);
  repos.push({ name: 'fixture', path: fixture.repo.root }, { name: 'runbooks', path: runbooks.repo.root });
  if (!args.includes('--fixtures-only')) repos.push({ name: 'self', path: selfCopy });
}

let failures = 0;
for (const { name, path } of repos) {
  const next = withNewCommit(path, name);
  for (const [label, checkout] of [['this', self], ['other', resolve(other)]] as const) {
    const cache = join(scratch, `${name}-${label}-cache`);
    build(checkout, path, join(scratch, `${name}-${label}-fresh`), null);
    build(checkout, path, join(scratch, `${name}-${label}-cold`), cache);
    // The warm build publishes into a copy of the cold output, as CI does with the previous site.
    cpSync(join(scratch, `${name}-${label}-cold`), join(scratch, `${name}-${label}-warm`), { recursive: true });
    build(checkout, next, join(scratch, `${name}-${label}-warm`), cache);
  }
  for (const kind of ['fresh', 'cold', 'warm']) {
    const problems = compare(join(scratch, `${name}-this-${kind}`), join(scratch, `${name}-other-${kind}`));
    const count = files(join(scratch, `${name}-this-${kind}`)).length;
    process.stdout.write(`${name} (${kind}): ${count} files, ${problems.length === 0 ? 'byte-identical' : `${problems.length} differences`}\n`);
    for (const p of problems.slice(0, 20)) process.stdout.write(`  ${p}\n`);
    failures += problems.length;
  }
}
if (args.includes('--keep')) process.stdout.write(`outputs kept in ${scratch}\n`);
else rmSync(scratch, { recursive: true, force: true });
process.exitCode = failures === 0 ? 0 : 1;
