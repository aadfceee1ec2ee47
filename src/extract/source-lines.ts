// Offsets → 1-based lines, shared by the extractors that report exact source lines.

/** Offsets where each line starts. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line of a 0-based offset. */
export function lineAt(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** Line of the last non-blank character before `end` (exclusive), at or after `start`: a block value ends on its last line. */
export function endLineAt(text: string, starts: number[], start: number, end: number): number {
  let e = Math.min(end, text.length) - 1;
  while (e > start && /\s/.test(text[e] ?? '')) e--;
  return lineAt(starts, Math.max(start, e));
}
