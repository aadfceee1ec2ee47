// The port of git's rename similarity score (similarity.ts) against git itself: for random
// pairs of files (text, CRLF, binary, with and without a final newline), the score git prints
// for a rename (`R<percent>` with a 1% threshold) must equal ours.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isolatedGitEnv, TestRepo } from '../helpers/git-repo.ts';
import { estimateSimilarity, spanCounts, type RenameCandidate } from '../../src/history/similarity.ts';

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gitVersion(): number {
  const m = /(\d+)\.(\d+)\.(\d+)/.exec(execFileSync('git', ['version'], { encoding: 'utf8' }))!;
  return Number(m[1]) * 1_000_000 + Number(m[2]) * 1000 + Number(m[3]);
}

const repo = TestRepo.init();
afterAll(() => repo.cleanup());

describe('similarity scores equal git rename detection', () => {
  it('random pairs: text, long lines, CRLF, binary, no final newline', () => {
    const rand = mulberry32(7);
    const word = (): string => ['alpha', 'beta', '{', '}', '', 'x'.repeat(Math.floor(rand() * 150)), `v${Math.floor(rand() * 50)}`][Math.floor(rand() * 7)]!;
    const make = (): Buffer => {
      const n = 3 + Math.floor(rand() * 60);
      const eol = rand() < 0.2 ? '\r\n' : '\n';
      let text = Array.from({ length: n }, () => Array.from({ length: 1 + Math.floor(rand() * 4) }, word).join(' ')).join(eol);
      if (rand() < 0.7) text += eol;
      const buf = Buffer.from(text);
      if (rand() < 0.1) buf[Math.floor(rand() * buf.length)] = 0; // binary
      return buf;
    };
    const mutate = (b: Buffer): Buffer => {
      const lines = b.toString('latin1').split('\n');
      for (let k = Math.floor(rand() * 8); k > 0; k--) {
        const at = Math.floor(rand() * (lines.length + 1));
        if (rand() < 0.5) lines.splice(at, 1);
        else lines.splice(at, 0, word());
      }
      return Buffer.from(lines.join('\n'), 'latin1');
    };
    const pairs: [Buffer, Buffer][] = [];
    for (let i = 0; i < 150; i++) {
      const a = make();
      pairs.push([a, rand() < 0.8 ? mutate(a) : make()]);
    }
    // Blobs, then one tree per side, then one diff per pair: three git processes in all.
    const files: string[] = [];
    pairs.forEach(([a, b], i) => {
      writeFileSync(join(repo.root, `a${i}`), a);
      writeFileSync(join(repo.root, `b${i}`), b);
      files.push(`a${i}`, `b${i}`);
    });
    const env = isolatedGitEnv();
    const ids = execFileSync('git', ['hash-object', '-w', '--stdin-paths'], { cwd: repo.root, env, input: files.join('\n') + '\n', encoding: 'utf8' }).trim().split('\n');
    const trees = execFileSync('git', ['mktree', '--batch'], {
      cwd: repo.root,
      env,
      encoding: 'utf8',
      input: pairs.map((_, i) => `100644 blob ${ids[2 * i]}\told${i}.txt\n\n100644 blob ${ids[2 * i + 1]}\tnew${i}.txt\n\n`).join(''),
    }).trim().split('\n');
    const out = execFileSync('git', ['diff-tree', '--stdin', '-r', '-M1%', '--name-status'], {
      cwd: repo.root,
      env,
      encoding: 'utf8',
      input: pairs.map((_, i) => `${trees[2 * i]} ${trees[2 * i + 1]}\n`).join(''),
    });
    const gitScore = new Map<number, number>();
    for (const line of out.split('\n')) {
      const m = /^R(\d+)\told(\d+)\.txt\tnew\d+\.txt$/.exec(line);
      if (m) gitScore.set(Number(m[2]), Number(m[1]));
    }
    const finalLine = gitVersion() >= 2_043_002;
    let renames = 0;
    pairs.forEach(([a, b], i) => {
      const src: RenameCandidate = { path: `old${i}.txt`, mode: 0o100644, blob: ids[2 * i]!, size: a.length };
      const dst: RenameCandidate = { path: `new${i}.txt`, mode: 0o100644, blob: ids[2 * i + 1]!, size: b.length };
      const score = src.blob === dst.blob ? 60000 : estimateSimilarity(src, dst, 600, (c) => spanCounts(c === src ? a : b, { finalLine }));
      const expected = gitScore.get(i);
      if (expected !== undefined) renames++;
      expect(score >= 600 ? Math.floor((score * 100) / 60000) : undefined, `pair ${i}`).toBe(expected);
    });
    // The sample must contain both renames and non-renames.
    expect(renames).toBeGreaterThan(50);
    expect(renames).toBeLessThan(pairs.length);
  });
});
