// `node scripts/compare-api-diff.ts <repo> <spec path> [--tools <prefix>] [--out <file.jsonl>] [--from N] [--to N]`
// `node scripts/compare-api-diff.ts --report <file.jsonl>...` (the table again, from earlier runs or shards)
// `--reuse <file.jsonl>[,<file.jsonl>…]`: take the tool's verdicts from earlier runs (same commit pair) and
// recompute only livewiki's: after a fix, the table is redone in minutes instead of hours.
//
// Agreement harness (issue 14): for every consecutive pair of versions of one spec file in a git
// history, compares livewiki's verdict (breaking or not, src/changes/openapi) with a maintained
// tool's: api-smart-diff, installed OUTSIDE the project (`npm install --prefix /tmp/semdiff-tools
// api-smart-diff`; default prefix /tmp/semdiff-tools). Versions are read once each through
// `git cat-file --batch`. Prints the agreement table and every disagreement with both sides'
// breaking findings; `--out` appends each pair's record as one JSON line as soon as it is done
// (long histories can be sharded with --from/--to and reported together). Never run by the tests.

import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { diffOpenApi } from '../src/changes/openapi/index.ts';
import type { ApiChange } from '../src/changes/types.ts';

interface Args {
  repo: string;
  spec: string;
  tools: string;
  out: string | null;
  from: number;
  to: number;
  reuse: string[];
}

function parseArgs(argv: string[]): Args {
  const rest: string[] = [];
  const opts: Record<string, string> = {};
  if (argv[0] === '--report') {
    report(argv.slice(1).flatMap((f) => readFileSync(f, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as PairRecord)));
    process.exit(0);
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) opts[a.slice(2)] = argv[++i] ?? '';
    else rest.push(a);
  }
  if (rest.length !== 2) {
    console.error('usage: node scripts/compare-api-diff.ts <repo> <spec path> [--tools <prefix>] [--out <file.json>] [--from N] [--to N]');
    process.exit(2);
  }
  return { repo: rest[0]!, spec: rest[1]!, tools: opts.tools ?? '/tmp/semdiff-tools', out: opts.out ?? null, from: Number(opts.from ?? 0), to: Number(opts.to ?? Infinity), reuse: opts.reuse ? opts.reuse.split(',') : [] };
}

const GIT = ['-c', 'core.hooksPath=/dev/null', '-c', 'log.showSignature=false'];

/** Commits that changed the spec, oldest first (first-parent, as livewiki's history reads them). */
function commitsOf(repo: string, spec: string): string[] {
  const out = execFileSync('git', [...GIT, '-C', repo, 'log', '--first-parent', '--format=%H', '--', spec], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return out.split('\n').filter((l) => l !== '').reverse();
}

/** Blob texts for `<sha>:<path>` names, in one `git cat-file --batch` process. */
async function readVersions(repo: string, names: string[]): Promise<(string | null)[]> {
  const child = spawn('git', [...GIT, '-C', repo, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', () => resolve());
  });
  child.stdin.end(names.map((n) => `${n}\n`).join(''));
  await done;
  const all = Buffer.concat(chunks);
  const out: (string | null)[] = [];
  let at = 0;
  for (let i = 0; i < names.length; i++) {
    const nl = all.indexOf(10, at);
    const header = all.subarray(at, nl).toString('utf8');
    at = nl + 1;
    const m = /^\S+ blob (\d+)$/.exec(header);
    if (!m) {
      out.push(null);
      continue;
    }
    const size = Number(m[1]);
    out.push(all.subarray(at, at + size).toString('utf8'));
    at += size + 1;
  }
  return out;
}

function parseSpec(text: string | null, spec: string): unknown {
  if (text === null) return null;
  try {
    return /\.json$/i.test(spec) ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 1000 });
  } catch {
    return null;
  }
}

interface TheirDiff {
  type: string;
  action: string;
  path: (string | number)[];
}

interface PairRecord {
  spec: string;
  versions: number;
  tool: string;
  toolErrors: number;
  index: number;
  from: string;
  to: string;
  ours: boolean;
  theirs: boolean;
  oursBreaking: { key: string; check: string; level: string; summary: string; pointer: string }[];
  theirsBreaking: { action: string; path: string }[];
  oursMs: number;
  theirsMs: number;
}

function cpuMs(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const require = createRequire(join(args.tools, 'node_modules', '/'));
  const { apiCompare } = require('api-smart-diff') as { apiCompare: (a: unknown, b: unknown) => { diffs: TheirDiff[] } };
  const version = (JSON.parse(readFileSync(join(args.tools, 'node_modules', 'api-smart-diff', 'package.json'), 'utf8')) as { version: string }).version;
  const commits = commitsOf(args.repo, args.spec);
  const texts = await readVersions(args.repo, commits.map((c) => `${c}:${args.spec}`));
  const docs = texts.map((t) => parseSpec(t, args.spec));
  const records: PairRecord[] = [];
  let skipped = 0;
  const reused = new Map<string, PairRecord>();
  for (const file of args.reuse) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line === '') continue;
      const r = JSON.parse(line) as PairRecord;
      reused.set(`${r.from}..${r.to}`, r);
    }
  }
  let toolErrors = 0;
  for (let i = Math.max(1, args.from); i < Math.min(docs.length, args.to + 1); i++) {
    const a = docs[i - 1];
    const b = docs[i];
    if (a === null || b === null || texts[i - 1] === texts[i]) {
      skipped++;
      continue;
    }
    let t = process.cpuUsage();
    const ours: ApiChange[] = diffOpenApi(a, b);
    const oursMs = cpuMs(t);
    const earlier = reused.get(`${commits[i - 1]}..${commits[i]}`);
    if (earlier) {
      const oursBreaking = ours.filter((c) => c.breaking).map((c) => ({ key: c.key, check: c.check, level: c.level, summary: c.summary, pointer: c.pointer }));
      const record: PairRecord = { ...earlier, index: i, ours: oursBreaking.length > 0, oursBreaking, oursMs };
      records.push(record);
      if (args.out) appendFileSync(args.out, `${JSON.stringify(record)}\n`);
      process.stderr.write(`\r${i}/${docs.length - 1}`);
      continue;
    }
    // api-smart-diff rewrites its inputs (allOf merging in place): it gets copies, and its
    // console noise ("Classification Rule error …") is counted, not printed.
    const [ca, cb] = [structuredClone(a), structuredClone(b)];
    const log = console.error;
    console.error = () => void toolErrors++;
    t = process.cpuUsage();
    let theirs: TheirDiff[];
    try {
      theirs = apiCompare(ca, cb).diffs;
    } finally {
      console.error = log;
    }
    const theirsMs = cpuMs(t);
    const oursBreaking = ours.filter((c) => c.breaking).map((c) => ({ key: c.key, check: c.check, level: c.level, summary: c.summary, pointer: c.pointer }));
    const theirsBreaking = theirs.filter((d) => d.type === 'breaking').map((d) => ({ action: d.action, path: `/${d.path.join('/')}` }));
    const record: PairRecord = { spec: args.spec, versions: commits.length, tool: `api-smart-diff ${version}`, index: i, from: commits[i - 1]!, to: commits[i]!, ours: oursBreaking.length > 0, theirs: theirsBreaking.length > 0, oursBreaking, theirsBreaking, oursMs, theirsMs, toolErrors };
    records.push(record);
    if (args.out) appendFileSync(args.out, `${JSON.stringify(record)}\n`);
    process.stderr.write(`\r${i}/${docs.length - 1}`);
  }
  process.stderr.write('\n');
  console.log(`skipped ${skipped} pairs (identical text or unparsable)`);
  report(records);
}

function report(records: PairRecord[]): void {
  records.sort((a, b) => a.index - b.index);
  const agree = records.filter((r) => r.ours === r.theirs);
  const disagree = records.filter((r) => r.ours !== r.theirs);
  const sum = (f: (r: PairRecord) => number) => records.reduce((s, r) => s + f(r), 0);
  const first = records[0];
  console.log(`spec: ${first?.spec ?? '?'}, versions: ${first?.versions ?? '?'}, pairs compared: ${records.length} (indexes ${first?.index ?? '?'}–${records.at(-1)?.index ?? '?'})`);
  console.log(`tool: ${first?.tool ?? '?'} (${records.at(-1)?.toolErrors ?? 0} rule errors it logged)`);
  console.log(`agree: ${agree.length} (both breaking: ${agree.filter((r) => r.ours).length}, both not: ${agree.filter((r) => !r.ours).length})`);
  console.log(`disagree: ${disagree.length} (only livewiki breaking: ${disagree.filter((r) => r.ours).length}, only the tool breaking: ${disagree.filter((r) => r.theirs).length})`);
  console.log(`CPU: livewiki ${sum((r) => r.oursMs).toFixed(0)} ms, tool ${sum((r) => r.theirsMs).toFixed(0)} ms`);
  for (const r of disagree) {
    console.log(`\n#${r.index} ${r.from.slice(0, 10)}..${r.to.slice(0, 10)}: livewiki ${r.ours ? 'BREAKING' : 'not breaking'}, tool ${r.theirs ? 'BREAKING' : 'not breaking'}`);
    for (const c of r.oursBreaking.slice(0, 8)) console.log(`  livewiki ${c.level} ${c.check} ${c.key}: ${c.summary}`);
    for (const d of r.theirsBreaking.slice(0, 8)) console.log(`  tool ${d.action} ${d.path}`);
  }
}

await main();
