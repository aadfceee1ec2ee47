// The redactor: finds secret-looking substrings and replaces each whole value by a marker
// (no first/last characters). Findings carry a fingerprint, never the value.

import { createHash } from 'node:crypto';
import { ASSIGNMENT_RULES, CONTENT_RULES, TEXT_ASSIGNMENT_RULES, TEXT_RULES, type SecretRule } from './rules.ts';

export interface SecretFinding {
  rule: string;
  /** sha256(value + '\0' + location) hex prefix; never the value. */
  fingerprint: string;
  file?: string;
  line?: number;
  column?: number;
}

export function marker(rule: string): string {
  return `«redacted:${rule}»`;
}

export function fingerprintOf(value: string, location: string): string {
  return createHash('sha256').update(`${value}\0${location}`).digest('hex').slice(0, 16);
}

export interface Hit {
  rule: string;
  start: number;
  end: number;
  value: string;
}

/** A rule's patterns with match indices, compiled once (compiling per call dominated renders). */
interface Compiled {
  rule: SecretRule;
  /** `re` as written, global, run over the whole text. */
  global: RegExp;
  /** `re` sticky: tried only at the positions its needles allow. */
  sticky: RegExp;
  /** Needles as compared (lower case when `re` ignores case). */
  needles: string[] | undefined;
  /** The needles as one sticky pattern, with `re`'s case rule. */
  needleAt: RegExp;
  ignoreCase: boolean;
}

const escapeRe = (n: string) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

const compiled = new WeakMap<SecretRule, Compiled>();
function compile(rule: SecretRule): Compiled {
  let c = compiled.get(rule);
  if (!c) {
    const flags = rule.re.flags.replace(/[gyd]/g, '');
    const ignoreCase = rule.re.flags.includes('i');
    c = {
      rule,
      global: new RegExp(rule.re.source, `${flags}gd`),
      sticky: new RegExp(rule.re.source, `${flags}yd`),
      needles: rule.needles?.map((n) => (ignoreCase ? n.toLowerCase() : n)),
      needleAt: new RegExp((rule.needles ?? []).map(escapeRe).join('|') || '(?!)', ignoreCase ? 'iy' : 'y'),
      ignoreCase,
    };
    compiled.set(rule, c);
  }
  return c;
}

/** The rules of one list and the patterns finding every needle of all of them in one pass each. */
interface Plan {
  rules: Compiled[];
  /**
   * Alternations of the needles, one per scan group (see SecretRule.scan) and case rule: a
   * case-insensitive search is about twice as slow, so only the needles that need it are
   * searched that way.
   */
  scans: RegExp[];
}

const plans = new WeakMap<SecretRule[], Plan>();
function planOf(rules: SecretRule[]): Plan {
  let plan = plans.get(rules);
  if (!plan || plan.rules.length !== rules.length || plan.rules.some((c, i) => c.rule !== rules[i])) {
    const cs = rules.map(compile);
    // One pass per scan group and case rule; a needle without letters (`://`) is the same in any case.
    const groups = new Map<string, Set<string>>();
    for (const c of cs) {
      for (const n of c.needles ?? []) {
        const key = `${c.ignoreCase && /[a-z]/i.test(n) ? 'gi' : 'g'} ${c.rule.scan ?? ''}`;
        if (!groups.has(key)) groups.set(key, new Set());
        groups.get(key)!.add(n);
      }
    }
    const scans = [...groups].map(([key, needles]) => new RegExp([...needles].map(escapeRe).join('|'), key.split(' ')[0]));
    plan = { rules: cs, scans };
    plans.set(rules, plan);
  }
  return plan;
}

/** Every position where some needle of the plan starts (overlapping occurrences included), ascending. */
function needlePositions(text: string, scans: RegExp[]): number[] {
  const lists = scans.map((scan) => {
    const at: number[] = [];
    scan.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = scan.exec(text)) !== null) {
      at.push(m.index);
      scan.lastIndex = m.index + 1;
    }
    return at;
  });
  return lists.reduce(mergeSorted, []);
}

/** The union of two ascending lists, ascending, without repeats. */
function mergeSorted(a: number[], b: number[]): number[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const at: number[] = [];
  for (let i = 0, j = 0; i < a.length || j < b.length; ) {
    const next = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
    if (at[at.length - 1] !== next) at.push(next);
  }
  return at;
}

/** The positions where one of the rule's own needles starts, tested as its pattern would (same case rule). */
function rulePositions(text: string, positions: number[], c: Compiled): number[] {
  const re = c.needleAt;
  return positions.filter((p) => {
    re.lastIndex = p;
    return re.test(text);
  });
}

/**
 * The next match of the rule at or after a position, exactly as `re.exec` from there would find
 * it. With `startsBefore`, only the positions a needle allows are tried, in ascending order, so
 * the first one that matches is the leftmost match.
 */
type NextMatch = (from: number) => RegExpExecArray | null;

function globalMatcher(c: Compiled, text: string): NextMatch {
  return (from) => {
    c.global.lastIndex = from;
    return c.global.exec(text);
  };
}

function anchoredMatcher(c: Compiled, text: string, at: number[], [fewest, most]: [number, number]): NextMatch {
  let i = 0;
  // Positions up to `tried` were tried; a failed position fails again (the sticky match at a
  // position does not depend on where the search started).
  let tried = -1;
  return (from) => {
    for (; i < at.length; i++) {
      const needle = at[i]!;
      const last = needle - fewest;
      for (let p = Math.max(from, needle - most, tried + 1); p <= last; p++) {
        c.sticky.lastIndex = p;
        const m = c.sticky.exec(text);
        if (m) {
          tried = p;
          return m;
        }
      }
      tried = Math.max(tried, last);
    }
    return null;
  };
}

/** Non-overlapping hits of `rules` in `text`, in order; earlier and longer hits win. */
export function findHits(text: string, rules: SecretRule[]): Hit[] {
  const plan = planOf(rules);
  const positions = needlePositions(text, plan.scans);
  // Rules with the same needles (the free-text assignment rules) share their positions.
  const byNeedles = new Map<string, number[]>();
  const hits: Hit[] = [];
  for (const c of plan.rules) {
    let next: NextMatch;
    if (c.needles) {
      if (positions.length === 0) continue;
      const key = c.needleAt.source + c.needleAt.flags;
      let at = byNeedles.get(key);
      if (!at) byNeedles.set(key, (at = rulePositions(text, positions, c)));
      if (at.length === 0) continue; // no needle, no match
      next = c.rule.startsBefore ? anchoredMatcher(c, text, at, c.rule.startsBefore) : globalMatcher(c, text);
    } else {
      next = globalMatcher(c, text);
    }
    let from = 0;
    let m: RegExpExecArray | null;
    while ((m = next(from)) !== null) {
      // Where `re.exec` would resume, as the reference loop: after the match, one past an empty one.
      from = m.index + (m[0] === '' ? 1 : m[0].length);
      if (m[0] === '') continue;
      const span = m.indices?.groups?.s ?? m.indices?.[0];
      if (!span) continue;
      const value = text.slice(span[0], span[1]);
      if (value.startsWith('«redacted')) continue;
      if (c.rule.accept && !c.rule.accept(value, m)) {
        // Let a shorter match inside this one be tried (e.g. a token after a rejected prefix).
        from = m.index + 1;
        continue;
      }
      hits.push({ rule: c.rule.id, start: span[0], end: span[1], value });
    }
  }
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Hit[] = [];
  for (const hit of hits) {
    const last = kept[kept.length - 1];
    if (last && hit.start < last.end) continue;
    kept.push(hit);
  }
  return kept;
}

/**
 * A cheap test for the many small pieces of one long text (the text nodes of a page): whether a
 * piece can hold a hit of `rules`. Needles are looked for once in the whole text; a rule without
 * needles is checked on the piece by its hint (always searched when it has none). Pieces must be
 * asked in ascending order, as `[start, end)` offsets of `text` with `piece` the text there.
 */
export function piecePrefilter(text: string, rules: SecretRule[]): (start: number, end: number, piece: string) => boolean {
  const plan = planOf(rules);
  const at = needlePositions(text, plan.scans);
  const others = plan.rules.filter((c) => !c.needles).map((c) => c.rule.hint ?? null);
  let next = 0;
  return (start, end, piece) => {
    while (next < at.length && at[next]! < start) next++;
    if (next < at.length && at[next]! < end) return true;
    for (const hint of others) if (hint === null || hint.test(piece)) return true;
    return false;
  };
}

/** 1-based line and column of `offset` in `text`. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

export function findingOf(hit: Hit, text: string, file: string | undefined): SecretFinding {
  const pos = positionOf(text, hit.start);
  return { rule: hit.rule, fingerprint: fingerprintOf(hit.value, file ?? ''), ...(file !== undefined ? { file } : {}), line: pos.line, column: pos.column };
}

/** Configuration values: key-name rules that trust the key (see ASSIGNMENT_RULES), and free-text ones. */
const REDACT_RULES = [...CONTENT_RULES, ...ASSIGNMENT_RULES, ...TEXT_ASSIGNMENT_RULES];

/** Whether a piece of `text` can hold a hit of `redactContent` (see `piecePrefilter`). */
export function contentPrefilter(text: string): (start: number, end: number, piece: string) => boolean {
  return piecePrefilter(text, TEXT_RULES);
}

/** Replaces each hit of `rules` by its marker. */
function redactWith(rules: SecretRule[], text: string, location?: { file?: string }): { text: string; findings: SecretFinding[] } {
  if (text === '') return { text, findings: [] };
  const hits = findHits(text, rules);
  if (hits.length === 0) return { text, findings: [] };
  let out = '';
  let at = 0;
  for (const hit of hits) {
    out += text.slice(at, hit.start) + marker(hit.rule);
    at = hit.end;
  }
  out += text.slice(at);
  return { text: out, findings: hits.map((h) => findingOf(h, text, location?.file)) };
}

/**
 * Replaces every secret-looking substring of a configuration value or comment with
 * `«redacted:<rule>»` (whole value, no partial reveal); a value under a secret-like key is
 * redacted whatever it looks like.
 */
export function redactText(text: string, location?: { file?: string }): { text: string; findings: SecretFinding[] } {
  return redactWith(REDACT_RULES, text, location);
}

/**
 * Like `redactText` for free text and rendered pages (documents, code samples, API examples, doc
 * comments, commit messages, names): token formats, private keys, URL passwords, high entropy,
 * and assignments to secret-like names only when the value looks like a secret too
 * (`author: …` and `token = getToken()` are not secrets).
 */
export function redactContent(text: string, location?: { file?: string }): { text: string; findings: SecretFinding[] } {
  return redactWith(TEXT_RULES, text, location);
}

/** Free text, redacted (commit subjects, author names, heading slugs). */
export function redact(text: string): string {
  return redactContent(text).text;
}
