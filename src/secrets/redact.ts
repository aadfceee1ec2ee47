// The redactor: finds secret-looking substrings and replaces each whole value by a marker
// (no first/last characters). Findings carry a fingerprint, never the value.

import { createHash } from 'node:crypto';
import { ASSIGNMENT_RULES, CONTENT_RULES, type SecretRule } from './rules.ts';

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

/** Non-overlapping hits of `rules` in `text`, in order; earlier and longer hits win. */
/** Each rule's pattern with match indices, compiled once (compiling per call dominated renders). */
const compiled = new WeakMap<SecretRule, RegExp>();
function patternOf(rule: SecretRule): RegExp {
  let re = compiled.get(rule);
  if (!re) {
    re = new RegExp(rule.re.source, rule.re.flags.includes('d') ? rule.re.flags : `${rule.re.flags}d`);
    compiled.set(rule, re);
  }
  re.lastIndex = 0;
  return re;
}

export function findHits(text: string, rules: SecretRule[]): Hit[] {
  const hits: Hit[] = [];
  for (const rule of rules) {
    const re = patternOf(rule);
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (m[0] === '') {
        re.lastIndex++;
        continue;
      }
      const span = m.indices?.groups?.s ?? m.indices?.[0];
      if (!span) continue;
      const value = text.slice(span[0], span[1]);
      if (value.startsWith('«redacted')) continue;
      if (rule.accept && !rule.accept(value, m)) {
        // Let a shorter match inside this one be tried (e.g. a token after a rejected prefix).
        re.lastIndex = m.index + 1;
        continue;
      }
      hits.push({ rule: rule.id, start: span[0], end: span[1], value });
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

const REDACT_RULES = [...CONTENT_RULES, ...ASSIGNMENT_RULES];

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

/** Replaces every secret-looking substring with `«redacted:<rule>»` (whole value, no partial reveal). */
export function redactText(text: string, location?: { file?: string }): { text: string; findings: SecretFinding[] } {
  return redactWith(REDACT_RULES, text, location);
}

/**
 * Like `redactText` with the content rules only (token formats, private keys, URL passwords,
 * high entropy), for free text and rendered pages, where key-name rules would misfire
 * (`author: …` is not a secret).
 */
export function redactContent(text: string, location?: { file?: string }): { text: string; findings: SecretFinding[] } {
  return redactWith(CONTENT_RULES, text, location);
}

/** Just the redacted text. */
export function redact(text: string): string {
  return redactText(text).text;
}
