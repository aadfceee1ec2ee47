// Machine-readable diagnostics: a JSON array, every key present (null when unknown) and always
// in the same order, sorted like the other reporters, so outputs diff cleanly.
import type { Diagnostic } from '../../model/diagnostics.ts';
import { reportable, type Reporter } from './types.ts';

export interface JsonDiagnostic {
  code: string;
  severity: Diagnostic['severity'];
  message: string;
  repo: string | null;
  file: string | null;
  line: number | null;
  column: number | null;
  pointer: string | null;
  hint: string | null;
}

export function jsonDiagnostics(diagnostics: readonly Diagnostic[]): JsonDiagnostic[] {
  return reportable(diagnostics).map((d) => ({
    code: d.code,
    severity: d.severity,
    message: d.message,
    repo: d.repo ?? null,
    file: d.file ?? null,
    line: d.line ?? null,
    column: d.column ?? null,
    pointer: d.pointer ?? null,
    hint: d.hint ?? null,
  }));
}

export const json: Reporter = (diagnostics) => `${JSON.stringify(jsonDiagnostics(diagnostics), null, 2)}\n`;
