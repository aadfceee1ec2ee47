// What livewiki prints about a repository passes the secret rules too (D10, RELIABILITY §2.3
// step 5): CI logs of public repositories are public, and a diagnostic quoting a link target
// (`./AKIA….md`) or a `$ref` (`https://ci:ghp_…@internal/…`) would publish the value there. Only
// the CLI prints; its reporters (stylish, JSON, GitHub annotations) and the `--json` summary pass
// every diagnostic through `redactDiagnostic` first.

import type { Diagnostic } from '../model/diagnostics.ts';
import { findHits, marker } from './redact.ts';
import { GATE_RULES, TEXT_RULES, type SecretRule } from './rules.ts';

function replaceHits(text: string, rules: SecretRule[]): string {
  const hits = findHits(text, rules);
  if (hits.length === 0) return text;
  let out = '';
  let at = 0;
  for (const hit of hits) {
    out += text.slice(at, hit.start) + marker(hit.rule);
    at = hit.end;
  }
  return out + text.slice(at);
}

/** A message or hint for a log: every rule of the published text, entropy included. */
export function redactForLog(text: string): string {
  return replaceHits(text, TEXT_RULES);
}

/**
 * A file path, JSON pointer or repository id for a log: the high-confidence rules only (token
 * formats, case-insensitive where a slug lower-cases them, and assignments), so an odd but
 * harmless file name still names the file an annotation belongs to.
 */
export function redactNameForLog(text: string): string {
  return replaceHits(text, GATE_RULES);
}

/** A JSON pointer for a log: each reference token decoded (`~1AKIA…` hides the word boundary), redacted and encoded again. */
export function redactPointerForLog(pointer: string): string {
  return pointer
    .split('/')
    .map((token) => redactNameForLog(decodePointerToken(token)).replace(/~/g, '~0').replace(/\//g, '~1'))
    .join('/');
}

export function decodePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The diagnostic with secret-looking values in its texts replaced by markers (the same object when there were none). */
export function redactDiagnostic(d: Diagnostic): Diagnostic {
  const message = redactForLog(d.message);
  const hint = d.hint === undefined ? undefined : redactForLog(d.hint);
  const file = d.file === undefined ? undefined : redactNameForLog(d.file);
  const pointer = d.pointer === undefined ? undefined : redactPointerForLog(d.pointer);
  const repo = d.repo === undefined ? undefined : redactNameForLog(d.repo);
  if (message === d.message && hint === d.hint && file === d.file && pointer === d.pointer && repo === d.repo) return d;
  return {
    ...d,
    message,
    ...(hint !== undefined ? { hint } : {}),
    ...(file !== undefined ? { file } : {}),
    ...(pointer !== undefined ? { pointer } : {}),
    ...(repo !== undefined ? { repo } : {}),
  };
}
