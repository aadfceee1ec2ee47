// Runs the TypeDoc child (child.ts) for one package: a separate Node process with the permission
// model on (reads limited to the materialized copy and the packages TypeDoc needs; no writes, no
// child processes, no workers, no network addons), a heap limit, a wall-clock timeout and an empty
// environment (no CI secrets). One conversion at a time per process (bounded memory).

import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildRequest, TsModel } from './model.ts';
import { siblingModule } from '../../utils/module-file.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const CHILD = fileURLToPath(siblingModule(import.meta.url, 'child'));
const MAX_STDERR = 64 * 1024;

export interface RunLimits {
  /** Wall-clock budget per package (default 120 s). */
  timeoutMs?: number;
  /** V8 old-space limit of the child, in MB (default 2048). */
  memoryMb?: number;
}

export type RunResult =
  | { ok: true; model: TsModel; ms: number }
  | { ok: false; code: 'E_TS_TIMEOUT' | 'E_TS_CHILD'; message: string; ms: number };

/** Directory of an installed package, found the way Node resolves `node_modules`. */
function packageDir(name: string, from: string): string | null {
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

let readAllowList: string[] | null = null;

/** typedoc, typescript and typedoc's dependency closure, our own folder and our package.json. */
function allowedReads(): string[] {
  if (readAllowList) return readAllowList;
  const dirs = new Set<string>();
  const queue: [string, string][] = [
    ['typedoc', HERE],
    ['typescript', HERE],
  ];
  while (queue.length > 0) {
    const [name, from] = queue.shift()!;
    const dir = packageDir(name, from);
    if (!dir || dirs.has(dir)) continue;
    dirs.add(dir);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const dep of Object.keys(manifest.dependencies ?? {})) queue.push([dep, dir]);
  }
  const list = [...dirs].map((d) => `${d}/`);
  list.push(`${HERE}/`);
  // Node reads the nearest package.json to decide the module format of child.ts.
  for (let dir = HERE; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) {
      list.push(join(dir, 'package.json'));
      break;
    }
    if (dirname(dir) === dir) break;
  }
  readAllowList = list.sort();
  return readAllowList;
}

export function runTypedocChild(req: ChildRequest, limits: RunLimits = {}): Promise<RunResult> {
  const timeoutMs = limits.timeoutMs ?? 120_000;
  const memoryMb = limits.memoryMb ?? 2048;
  const args = [
    '--permission',
    ...allowedReads().map((p) => `--allow-fs-read=${p}`),
    `--allow-fs-read=${req.root}/`,
    `--max-old-space-size=${memoryMb}`,
    '--disable-warning=ExperimentalWarning',
    CHILD,
    JSON.stringify(req),
  ];
  const started = performance.now();
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, args, { cwd: req.root, env: { LANG: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => {
      if (err.length < MAX_STDERR) err += b.toString('utf8');
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      resolvePromise({ ok: false, code: 'E_TS_CHILD', message: e.message, ms: performance.now() - started });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      if (timedOut) {
        resolvePromise({ ok: false, code: 'E_TS_TIMEOUT', message: `TypeDoc did not finish within ${timeoutMs} ms.`, ms });
        return;
      }
      if (code !== 0) {
        const oom = /heap out of memory|Allocation failed/i.test(err);
        const last = err.trim().split('\n').filter((l) => l.trim() !== '').slice(0, 3).join(' ');
        resolvePromise({
          ok: false,
          code: 'E_TS_CHILD',
          message: oom ? `TypeDoc ran out of memory (limit ${memoryMb} MB).` : `TypeDoc process failed (${signal ?? `exit ${code}`}): ${last.slice(0, 500)}`,
          ms,
        });
        return;
      }
      try {
        resolvePromise({ ok: true, model: JSON.parse(Buffer.concat(out).toString('utf8')) as TsModel, ms });
      } catch (e) {
        resolvePromise({ ok: false, code: 'E_TS_CHILD', message: `TypeDoc process output unreadable: ${(e as Error).message}`, ms });
      }
    });
  });
}
