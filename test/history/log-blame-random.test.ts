// Randomized histories (seeded, deterministic): edits, inserts, deletes, renames with and
// without edits, copies, files deleted and re-added, merged side branches, CRLF and missing final
// newlines, over a small vocabulary so that repeated lines make the diff's choices matter. The
// one-pass engine must give every line of every file the commit `git blame --first-parent` gives.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isolatedGitEnv, TestRepo } from '../helpers/git-repo.ts';
import { openRepo } from '../../src/git/repo.ts';
import { buildHistoryIndex } from '../../src/history/log.ts';
import { logBlame } from '../../src/history/log-blame.ts';

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VOCAB = ['', '}', '{', '  return x;', '# Title', '- item', 'text', 'more text', '```', 'end'];

class History {
  private readonly rand: () => number;
  private serial = 0;
  readonly repo: TestRepo;
  constructor(repo: TestRepo, seed: number) {
    this.repo = repo;
    this.rand = mulberry32(seed);
  }

  int(n: number): number {
    return Math.floor(this.rand() * n);
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }

  line(): string {
    return this.rand() < 0.4 ? this.pick(VOCAB) : `line ${++this.serial}`;
  }

  files(): string[] {
    return execFileSync('git', ['ls-files', '-z'], { cwd: this.repo.root, env: isolatedGitEnv(), encoding: 'utf8' })
      .split('\0')
      .filter((p) => p !== '' && existsSync(join(this.repo.root, p)));
  }

  read(path: string): string[] {
    return readFileSync(join(this.repo.root, path), 'utf8').split('\n');
  }

  newPath(): string {
    return `${this.pick(['', 'docs/', 'api/', 'docs/deep/'])}f${++this.serial}.${this.pick(['md', 'yaml', 'ts'])}`;
  }

  /** One random change to the work tree. */
  change(): void {
    const files = this.files();
    const op = files.length < 3 ? 'create' : this.pick(['edit', 'edit', 'edit', 'insert', 'delete-lines', 'rename', 'rename-edit', 'copy-away', 'duplicate', 'remove', 'create', 'endings']);
    if (op === 'create' || op === 'duplicate') {
      const content = op === 'duplicate' && files.length > 0 ? readFileSync(join(this.repo.root, this.pick(files))) : Array.from({ length: 3 + this.int(15) }, () => this.line()).join('\n') + '\n';
      this.repo.write(this.newPath(), content);
      return;
    }
    const path = this.pick(files);
    const cur = this.read(path);
    const last = cur.pop()!; // '' when the file ends with a newline
    const at = this.int(cur.length + 1);
    switch (op) {
      case 'edit':
        cur.splice(at, 1 + this.int(3), ...Array.from({ length: 1 + this.int(3) }, () => this.line()));
        break;
      case 'insert':
        cur.splice(at, 0, ...Array.from({ length: 1 + this.int(5) }, () => this.line()));
        break;
      case 'delete-lines':
        cur.splice(at, 1 + this.int(4));
        break;
      case 'rename':
      case 'rename-edit': {
        const to = this.newPath();
        this.repo.move(path, to);
        if (op === 'rename-edit') {
          cur.splice(at, 1, this.line());
          this.repo.write(to, cur.join('\n') + '\n' + last);
        }
        return;
      }
      case 'copy-away': {
        // Same content under a new name, old name gone, some lines changed: an inexact rename.
        this.repo.remove(path);
        for (let k = 0; k < 2; k++) cur.splice(this.int(cur.length + 1), 1, this.line());
        this.repo.write(this.newPath(), cur.join('\n') + '\n');
        return;
      }
      case 'remove':
        this.repo.remove(path);
        return;
      case 'endings': {
        const text = readFileSync(join(this.repo.root, path), 'utf8');
        const next = this.rand() < 0.5 ? text.replace(/\n$/, '') : text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text.replace(/\n/g, '\r\n');
        this.repo.write(path, next);
        return;
      }
    }
    this.repo.write(path, cur.join('\n') + '\n' + last);
  }

  commit(): void {
    for (let k = 1 + this.int(3); k > 0; k--) this.change();
    this.repo.commit(`change ${this.serial}`);
  }

  /** A side branch of a few commits merged with --no-ff (main does not move meanwhile). */
  sideBranch(): void {
    const name = `side${this.serial}`;
    this.repo.git('checkout', '-q', '-b', name);
    for (let k = 1 + this.int(3); k > 0; k--) this.commit();
    this.repo.git('checkout', '-q', 'main');
    this.repo.merge(name, { message: `Merge ${name}` });
  }
}

function gitBlame(root: string, path: string): string[] {
  const out = execFileSync('git', ['blame', '--first-parent', '--porcelain', 'HEAD', '--', path], { cwd: root, env: isolatedGitEnv(), encoding: 'latin1', maxBuffer: 1 << 28 });
  const shas: string[] = [];
  let header = true;
  for (const line of out.split('\n')) {
    if (header) {
      const m = /^([0-9a-f]{40}) \d+ (\d+)/.exec(line);
      if (m) {
        shas[Number(m[2]) - 1] = m[1]!;
        header = false;
      }
    } else if (line.startsWith('\t')) header = true;
  }
  return shas;
}

const repos: TestRepo[] = [];
afterAll(() => {
  for (const r of repos) r.cleanup();
});

describe('one-pass blame on random histories', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`seed ${seed}: every line equals git blame --first-parent`, async () => {
      const repo = TestRepo.init();
      repos.push(repo);
      const h = new History(repo, seed);
      for (let i = 0; i < 4; i++) h.change();
      repo.commit('initial');
      for (let i = 0; i < 20; i++) {
        if (h.int(6) === 0) h.sideBranch();
        else h.commit();
      }
      const git = await openRepo(repo.root);
      if (!git.ok) throw new Error(git.error.message);
      const index = await buildHistoryIndex(git.value);
      if (!index.ok) throw new Error(index.error.message);
      const paths = h.files();
      expect(paths.length).toBeGreaterThan(2);
      for (const withFormer of [true, false]) {
        const result = await logBlame(git.value, {
          head: git.value.head!,
          files: paths.map((path) => ({ path, formerPaths: withFormer ? index.value.formerPaths(path) : [] })),
        });
        for (const path of paths) expect(result.blames.get(path)?.lines, `seed ${seed} ${path}`).toEqual(gitBlame(repo.root, path));
        expect(result.stats.fallbacks).toEqual([]);
        expect(result.failures.size).toBe(0);
      }
    });
  }
});
