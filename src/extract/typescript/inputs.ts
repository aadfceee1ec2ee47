// The exact inputs of one package's conversion: its tracked TypeScript/JSON/Markdown files, the
// tsconfig `extends` chain, and files its doc comments `{@include}` from inside the repository.
// These are copied (never symlinked) into a private directory: untracked files, files outside the
// repository and the working tree itself do not exist for TypeDoc. Their digest keys the cache.

import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { trackLeftover } from '../../utils/interrupt.ts';
import { dirOf, joinRepoPath } from '../../utils/paths.ts';
import type { RepoFiles, TsPackage } from './discover.ts';
import { MODEL_VERSION, type SafeTypedocOptions } from './model.ts';

const INPUT_EXT = /\.(d\.[mc]?ts|[mc]?tsx?|json|md)$/i;
const MAX_FILE_BYTES = 4 * 1024 * 1024;
const INCLUDE_RE = /\{@include(?:Code)?\s+([^}\s#:]+)/g;

export interface PackageInputs {
  files: Map<string, string>;
  /** Repo-relative tsconfig path, or null. */
  tsconfig: string | null;
}

function safePath(path: string): boolean {
  return path !== '' && !path.startsWith('/') && !path.split('/').some((s) => s === '..' || s === '.' || s === '');
}

export function collectInputs(files: RepoFiles, pkg: TsPackage): PackageInputs {
  const out = new Map<string, string>();
  const add = (path: string): boolean => {
    if (out.has(path) || !safePath(path)) return out.has(path);
    const text = files.read(path);
    if (text === null || text.length > MAX_FILE_BYTES) return false;
    out.set(path, text);
    return true;
  };
  const prefix = pkg.dir === '' ? '' : `${pkg.dir}/`;
  for (const path of files.paths) {
    if (path.startsWith(prefix) && INPUT_EXT.test(path) && !path.split('/').includes('node_modules')) add(path);
  }
  for (const e of pkg.entryPoints) add(e);

  // tsconfig and its relative `extends` chain (package-name `extends` cannot resolve without node_modules).
  const tsconfigPath = joinPath(pkg.dir, 'tsconfig.json');
  const tsconfig = tsconfigPath !== null && add(tsconfigPath) ? tsconfigPath : null;
  const queue = tsconfig ? [tsconfig] : [];
  for (let i = 0; i < queue.length && i < 16; i++) {
    const path = queue[i]!;
    const config = parseJsonc(out.get(path) ?? '', [], { allowTrailingComma: true }) as { extends?: unknown } | null;
    const ext = config?.extends;
    for (const e of Array.isArray(ext) ? ext : [ext]) {
      if (typeof e !== 'string' || !/^\.{1,2}\//.test(e)) continue;
      for (const candidate of [e, `${e}.json`]) {
        const target = joinPath(dirname(path) === '.' ? '' : dirname(path), candidate);
        if (target !== null && add(target)) {
          if (!queue.includes(target)) queue.push(target);
          break;
        }
      }
    }
  }

  // Files named by `{@include}` inside the repository (outside ones are refused by the child).
  let pending = [...out.keys()].filter((p) => /\.(ts|tsx|mts|cts|md)$/.test(p));
  for (let round = 0; round < 3 && pending.length > 0; round++) {
    const next: string[] = [];
    for (const path of pending) {
      const text = out.get(path)!;
      if (!text.includes('{@include')) continue;
      const base = dirOf(path);
      for (const m of text.matchAll(INCLUDE_RE)) {
        const target = joinPath(base, m[1]!);
        if (target !== null && !out.has(target) && add(target)) next.push(target);
      }
    }
    pending = next;
  }
  return { files: out, tsconfig };
}

export function inputsDigest(
  inputs: PackageInputs,
  pkg: TsPackage,
  options: SafeTypedocOptions,
  versions: Record<string, string>,
): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ model: MODEL_VERSION, versions, name: pkg.name, dir: pkg.dir, entryPoints: pkg.entryPoints, tsconfig: inputs.tsconfig, options }));
  for (const path of [...inputs.files.keys()].sort()) {
    hash.update(`\0${path}\0`);
    hash.update(createHash('sha256').update(inputs.files.get(path)!).digest('hex'));
  }
  return hash.digest('hex');
}

/** Writes the inputs into a fresh private directory; returns its root (real path) and a cleanup. */
/** A path from a tsconfig or an `{@include}` resolved in the repository (Windows separators read as `/`). */
function joinPath(dir: string, path: string): string | null {
  return joinRepoPath(dir, path.replace(/\\/g, '/'));
}

export function materialize(inputs: PackageInputs): { root: string; cleanup(): void } {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'livewiki-ts-')));
  const untrack = trackLeftover(base); // removed on SIGINT/SIGTERM too
  const cleanup = () => {
    rmSync(base, { recursive: true, force: true });
    untrack();
  };
  const root = join(base, 'repo');
  try {
    mkdirSync(root, { mode: 0o700 });
    for (const [path, text] of inputs.files) {
      const full = join(root, ...path.split('/'));
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, text, { flag: 'wx' });
    }
  } catch (error) {
    cleanup();
    throw error;
  }
  return { root, cleanup };
}
