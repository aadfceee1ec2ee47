// A reporter turns the run's diagnostics into text for one audience (terminal, tools, GitHub).
import type { Diagnostic } from '../../model/diagnostics.ts';
import { redactDiagnostic } from '../../secrets/index.ts';

export type Reporter = (diagnostics: readonly Diagnostic[]) => string;

export const FORMATS = ['stylish', 'json', 'github'] as const;
export type Format = (typeof FORMATS)[number];

/** Repository-qualified file (`repo:path`), or the file alone, or '' when there is none. */
export function fileOf(d: Diagnostic): string {
  if (d.repo && d.file) return `${d.repo}:${d.file}`;
  return d.file ?? d.repo ?? '';
}

/** Stable order: by file (general problems first), line, column, then code and message. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return [...diagnostics].sort(
    (a, b) =>
      cmp(fileOf(a), fileOf(b)) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      rank[a.severity] - rank[b.severity] ||
      cmp(a.code, b.code) ||
      cmp(a.message, b.message),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * What a reporter prints: the diagnostics with secret-looking values replaced by markers (logs
 * of public repositories are public; D10), in the stable order.
 */
export function reportable(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return sortDiagnostics(diagnostics.map(redactDiagnostic));
}
