// Diagnostics are data: every stage collects them, only the CLI prints them. Every code is in the
// catalogue (codes.ts) with its severity, title and general hint.

import { CODES, type Code, type CodeOf } from './codes.ts';

export type { Code } from './codes.ts';

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  /** Stable machine code from the catalogue, e.g. `E_MD_TOO_COMPLEX`, `W_GIT_SHALLOW`. */
  code: Code;
  severity: Severity;
  /** What happened, in one sentence. */
  message: string;
  /** What to do about it. */
  hint?: string;
  /** Repository id the problem belongs to, when there is one. */
  repo?: string;
  /** Path relative to the repository root (or a config file path). */
  file?: string;
  line?: number;
  column?: number;
  /** JSON pointer inside `file`, for structured sources. */
  pointer?: string;
}

type Extra = Omit<Diagnostic, 'code' | 'message' | 'severity'>;

/** Collects diagnostics (of a run, or of one source); passed to every stage. */
export class Diagnostics {
  readonly items: Diagnostic[] = [];

  add(d: Diagnostic): void {
    this.items.push(d);
  }

  error(code: CodeOf<'error'>, message: string, extra: Extra = {}): void {
    this.report(code, message, extra);
  }

  warn(code: CodeOf<'warning'>, message: string, extra: Extra = {}): void {
    this.report(code, message, extra);
  }

  info(code: CodeOf<'info'>, message: string, extra: Extra = {}): void {
    this.report(code, message, extra);
  }

  /** Reports `code` with the catalogue's severity (and its hint when none is given). */
  report(code: Code, message: string, extra: Extra = {}): void {
    const def = CODES[code];
    this.add({ code, severity: def.severity, message, ...extra, hint: extra.hint ?? def.hint });
  }

  count(severity: Severity): number {
    return this.items.filter((d) => d.severity === severity).length;
  }
}

/** Formats a diagnostic's location as `repo:file:line:col` or `file#/pointer`. */
export function formatLocation(d: Diagnostic): string {
  let loc = d.file ?? '';
  if (d.repo && d.file) loc = `${d.repo}:${d.file}`;
  else if (d.repo) loc = d.repo;
  if (d.line !== undefined) loc += `:${d.line}${d.column !== undefined ? `:${d.column}` : ''}`;
  if (d.pointer !== undefined) loc += `#${d.pointer}`;
  return loc;
}
