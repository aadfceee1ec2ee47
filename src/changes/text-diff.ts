// A small Myers diff (O(ND)) over token arrays, and its rendering as escaped HTML with <del>/<ins>
// that reads without JS. Lines first, then words inside changed line runs, so a one-word edit in a
// long section shows as one word. Bounded: past `maxEdits` the two texts are shown as a whole
// removal and insertion instead of a diff nobody can read.

export type Op = { kind: 'eq' | 'del' | 'ins'; items: string[] };

/** Shortest edit script from `a` to `b`, or null when it needs more than `maxEdits` edits. */
export function myers(a: string[], b: string[], maxEdits: number): Op[] | null {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        trace.push(next);
        return backtrack(trace, a, b, offset, d);
      }
    }
    v = next;
  }
  return null;
}

function backtrack(trace: Int32Array[], a: string[], b: string[], offset: number, dEnd: number): Op[] {
  const ops: Op[] = [];
  const add = (kind: Op['kind'], item: string) => {
    const last = ops[ops.length - 1];
    if (last && last.kind === kind) last.items.push(item);
    else ops.push({ kind, items: [item] });
  };
  let x = a.length;
  let y = b.length;
  const rev: [Op['kind'], string][] = [];
  for (let d = dEnd; d > 0; d--) {
    const v = trace[d]!;
    const k = x - y;
    const down = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!);
    const prevK = down ? k + 1 : k - 1;
    const prevX = v[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      rev.push(['eq', a[x - 1]!]);
      x--;
      y--;
    }
    if (down) rev.push(['ins', b[y - 1]!]);
    else rev.push(['del', a[x - 1]!]);
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    rev.push(['eq', a[x - 1]!]);
    x--;
    y--;
  }
  for (let i = rev.length - 1; i >= 0; i--) add(rev[i]![0], rev[i]![1]);
  return ops;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const WORDS = /\s+|[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu;

function words(text: string): string[] {
  return text.match(WORDS) ?? [];
}

function lines(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)/);
}

export interface RenderedDiff {
  html: string;
  added: number;
  removed: number;
  truncated: boolean;
}

const CONTEXT = 2;

/** Word-level diff of two texts as `<pre class="lw-diff">` HTML, unchanged runs beyond 2 lines of context elided, at most `maxChars`. */
export function renderDiff(before: string, after: string, options: { maxChars?: number; maxEdits?: number } = {}): RenderedDiff {
  const maxChars = options.maxChars ?? 20_000;
  const maxEdits = options.maxEdits ?? 2_000;
  const parts: string[] = [];
  let added = 0;
  let removed = 0;
  const lineOps = myers(lines(before), lines(after), maxEdits) ?? [
    { kind: 'del' as const, items: lines(before) },
    { kind: 'ins' as const, items: lines(after) },
  ];
  for (let i = 0; i < lineOps.length; i++) {
    const op = lineOps[i]!;
    if (op.kind === 'eq') {
      const keepHead = i === 0 ? 0 : CONTEXT;
      const keepTail = i === lineOps.length - 1 ? 0 : CONTEXT;
      if (op.items.length > keepHead + keepTail + 1) {
        parts.push(escapeHtml(op.items.slice(0, keepHead).join('')));
        const skipped = op.items.length - keepHead - keepTail;
        parts.push(`<span class="lw-diff-skip">⋯ ${skipped} unchanged line${skipped === 1 ? '' : 's'} ⋯</span>\n`);
        parts.push(escapeHtml(op.items.slice(op.items.length - keepTail).join('')));
      } else parts.push(escapeHtml(op.items.join('')));
      continue;
    }
    // A run of removed lines followed by added lines: diff their words.
    const del = op.kind === 'del' ? op.items.join('') : '';
    const nextOp = lineOps[i + 1];
    const ins = op.kind === 'ins' ? op.items.join('') : nextOp?.kind === 'ins' ? nextOp.items.join('') : '';
    if (op.kind === 'del' && nextOp?.kind === 'ins') i++;
    const wordOps = myers(words(del), words(ins), maxEdits) ?? [
      { kind: 'del' as const, items: words(del) },
      { kind: 'ins' as const, items: words(ins) },
    ];
    for (const w of wordOps) {
      const text = escapeHtml(w.items.join(''));
      const count = w.items.filter((t) => /\S/.test(t)).length;
      if (w.kind === 'eq') parts.push(text);
      else if (w.kind === 'del') {
        removed += count;
        parts.push(`<del>${text}</del>`);
      } else {
        added += count;
        parts.push(`<ins>${text}</ins>`);
      }
    }
  }
  let body = parts.join('');
  let truncated = false;
  if (body.length > maxChars) {
    // Cut at a tag boundary, closing what is open, so the fragment stays well-formed.
    let cut = body.lastIndexOf('<', maxChars);
    if (cut < 0) cut = maxChars;
    const kept = body.slice(0, cut);
    const amp = kept.lastIndexOf('&');
    const head = amp > kept.lastIndexOf(';') ? kept.slice(0, amp) : kept;
    const open = head.lastIndexOf('<del>') > head.lastIndexOf('</del>') ? '</del>' : head.lastIndexOf('<ins>') > head.lastIndexOf('</ins>') ? '</ins>' : '';
    body = `${head}${open}\n<span class="lw-diff-skip">⋯ diff cut here ⋯</span>`;
    truncated = true;
  }
  return { html: `<pre class="lw-diff">${body}</pre>`, added, removed, truncated };
}
