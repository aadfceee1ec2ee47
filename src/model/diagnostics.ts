// Diagnostics are data: every stage collects them, only the CLI prints them.

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  /** Stable machine code, e.g. `E_MD_PARSE`, `W_SHALLOW_CLONE`. */
  code: string;
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

/** Collects diagnostics for one run; passed to every stage. */
export class Diagnostics {
  readonly items: Diagnostic[] = [];

  add(d: Diagnostic): void {
    this.items.push(d);
  }

  error(code: string, message: string, extra: Omit<Diagnostic, 'code' | 'message' | 'severity'> = {}): void {
    this.add({ code, severity: 'error', message, ...extra });
  }

  warn(code: string, message: string, extra: Omit<Diagnostic, 'code' | 'message' | 'severity'> = {}): void {
    this.add({ code, severity: 'warning', message, ...extra });
  }

  info(code: string, message: string, extra: Omit<Diagnostic, 'code' | 'message' | 'severity'> = {}): void {
    this.add({ code, severity: 'info', message, ...extra });
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
