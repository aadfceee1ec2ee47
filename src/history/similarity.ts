// Which file `git blame` continues from when a file appears at a commit: a port of the part of
// git's rename detection (diffcore-rename.c, diffcore-delta.c, git 2.31 and later) that runs with
// a single destination, as blame's find_rename does. Sources are the commit's deleted files in
// the order git lists them. Steps, as git takes them:
//   1. exact: a deleted file with the same blob (and mode, unless both are regular files); the
//      first in source order whose basename matches, else the first (at most 100 looked at);
//   2. basename: if exactly one source has the destination's basename, it wins when its score
//      reaches 75%;
//   3. inexact: every source is scored; the best four are kept as git keeps them (ties go to the
//      slot git would use); the best scoring >= 50% wins, same basename first on equal scores.
// Scores are git's estimate: the bytes of 64-byte-or-line chunks (CR of CRLF skipped in text)
// the destination shares with the source, over the larger size. Git 2.43.2 started counting a
// last line without newline; `finalLine` selects that behaviour.
// Files holding CRLF score differently as text or binary, which the `diff` attribute can decide:
// callers pass the attribute's answer (`isText`), or ask git when it names a diff driver.

const MAX_SCORE = 60000;
export const DEFAULT_RENAME_SCORE = 30000;
const BASENAME_SCORE = DEFAULT_RENAME_SCORE + Math.floor(0.5 * (MAX_SCORE - DEFAULT_RENAME_SCORE));
const HASHBASE = 107927;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const CANDIDATES = 4;
const FIRST_FEW_BYTES = 8000;

export const isRegular = (mode: number): boolean => (mode & S_IFMT) === S_IFREG;
export const basenameOf = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

export interface RenameCandidate {
  path: string;
  mode: number;
  blob: string;
  size: number;
}

export interface SimilarityOptions {
  /** Hash a last line without newline (git >= 2.43.2). */
  finalLine: boolean;
  /**
   * Text or binary by the `diff` attribute, when it says; otherwise by content (a NUL byte in
   * the first 8000). Only CR of CRLF in text is skipped, so this only matters with CRLF.
   */
  isText?: boolean;
}

/** The chunk multiset of a blob: hash value -> bytes (git's spanhash). */
export type SpanCounts = Map<number, number>;

/** True when git's text/binary decision (attributes) could change the score: CRLF present. */
export function hasCrlf(content: Buffer): boolean {
  let i = -1;
  while ((i = content.indexOf(0x0d, i + 1)) >= 0) if (content[i + 1] === 0x0a) return true;
  return false;
}

export function spanCounts(content: Buffer, options: SimilarityOptions): SpanCounts {
  const isText = options.isText ?? content.subarray(0, FIRST_FEW_BYTES).indexOf(0) < 0;
  const out: SpanCounts = new Map();
  const add = (hv: number, n: number): void => {
    out.set(hv, (out.get(hv) ?? 0) + n);
  };
  let n = 0;
  let a1 = 0;
  let a2 = 0;
  const sz = content.length;
  for (let i = 0; i < sz; i++) {
    const c = content[i]!;
    const old1 = a1;
    if (isText && c === 0x0d && i + 1 < sz && content[i + 1] === 0x0a) continue;
    a1 = ((a1 << 7) ^ (a2 >>> 25)) >>> 0;
    a2 = ((a2 << 7) ^ (old1 >>> 25)) >>> 0;
    a1 = (a1 + c) >>> 0;
    if (++n < 64 && c !== 0x0a) continue;
    add(((a1 + Math.imul(a2, 0x61)) >>> 0) % HASHBASE, n);
    n = 0;
    a1 = 0;
    a2 = 0;
  }
  if (options.finalLine && n > 0) add(((a1 + Math.imul(a2, 0x61)) >>> 0) % HASHBASE, n);
  return out;
}

/** Bytes of `dst` copied from `src`: the sum over chunks of the smaller count. */
function copied(src: SpanCounts, dst: SpanCounts): number {
  let sc = 0;
  for (const [h, s] of src) {
    const d = dst.get(h);
    if (d !== undefined) sc += s < d ? s : d;
  }
  return sc;
}

/** git's estimate_similarity (0 when the sizes alone rule it out). */
export function estimateSimilarity(
  src: RenameCandidate,
  dst: RenameCandidate,
  minimumScore: number,
  counts: (c: RenameCandidate) => SpanCounts,
): number {
  if (!isRegular(src.mode) || !isRegular(dst.mode)) return 0;
  const max = Math.max(src.size, dst.size);
  const base = Math.min(src.size, dst.size);
  if (max * (MAX_SCORE - minimumScore) < (max - base) * MAX_SCORE) return 0;
  if (dst.size === 0) return 0;
  return Math.floor((copied(counts(src), counts(dst)) * MAX_SCORE) / max);
}

/** Could `src` score at least `minimumScore` against `dst` by size? (No content needed.) */
export function sizeAllows(src: RenameCandidate, dst: RenameCandidate, minimumScore = DEFAULT_RENAME_SCORE): boolean {
  if (!isRegular(src.mode) || !isRegular(dst.mode) || dst.size === 0) return false;
  const max = Math.max(src.size, dst.size);
  const base = Math.min(src.size, dst.size);
  return max * (MAX_SCORE - minimumScore) >= (max - base) * MAX_SCORE;
}

/** git's exact-rename step for one destination; undefined when no source has its blob. */
export function exactSource(dst: RenameCandidate, sources: readonly RenameCandidate[]): RenameCandidate | undefined {
  let best: RenameCandidate | undefined;
  let bestScore = -1;
  let left = 100;
  for (const s of sources) {
    if (s.blob !== dst.blob) continue;
    if ((!isRegular(s.mode) || !isRegular(dst.mode)) && s.mode !== dst.mode) continue;
    const score = 1 + (basenameOf(s.path) === basenameOf(dst.path) ? 1 : 0);
    if (score > bestScore) {
      best = s;
      bestScore = score;
      if (score === 2) break;
    }
    if (--left === 0) break;
  }
  return best;
}

interface Slot {
  src: number;
  score: number;
  name: number;
}

/** git's score_compare: > 0 when `a` sorts after `b` (worse). Empty slots sink. */
function compare(a: Slot | null, b: Slot | null): number {
  if (a === null) return b !== null ? 1 : 0;
  if (b === null) return -1;
  if (a.score === b.score) return b.name - a.name;
  return b.score - a.score;
}

/**
 * The source git blame continues from for `dst` (null: none, the file is created). `counts`
 * gives the span counts of a candidate's content; it is only asked for sources whose size allows
 * a match.
 */
export function renameSource(
  dst: RenameCandidate,
  sources: readonly RenameCandidate[],
  counts: (c: RenameCandidate) => SpanCounts,
): RenameCandidate | null {
  const exact = exactSource(dst, sources);
  if (exact) return exact;
  // Basename step: a source whose basename no other source has.
  const base = basenameOf(dst.path);
  let unique: RenameCandidate | null = null;
  let seen = 0;
  for (const s of sources) {
    if (basenameOf(s.path) === base) {
      seen++;
      unique = s;
    }
  }
  if (seen === 1 && unique && estimateSimilarity(unique, dst, BASENAME_SCORE, counts) >= BASENAME_SCORE) return unique;
  // Inexact step: the best four kept like record_if_better does, then sorted stably.
  const m: (Slot | null)[] = Array.from({ length: CANDIDATES }, () => null);
  sources.forEach((s, j) => {
    const o: Slot = { src: j, score: estimateSimilarity(s, dst, DEFAULT_RENAME_SCORE, counts), name: basenameOf(s.path) === base ? 1 : 0 };
    let worst = 0;
    for (let i = 1; i < CANDIDATES; i++) if (compare(m[i]!, m[worst]!) > 0) worst = i;
    if (compare(m[worst]!, o) > 0) m[worst] = o;
  });
  const sorted = m.map((slot, i) => ({ slot, i })).sort((x, y) => compare(x.slot, y.slot) || x.i - y.i);
  const first = sorted[0]?.slot;
  return first && first.score >= DEFAULT_RENAME_SCORE ? sources[first.src]! : null;
}
