// Formats diagnostics for a terminal: one line per problem (location, severity, message, code),
// then its hint. Nothing here decides anything.

import { formatLocation, type Diagnostic } from '../model/diagnostics.ts';
import { redactDiagnostic } from '../secrets/index.ts';

export function formatDiagnostic(diagnostic: Diagnostic): string {
  const d = redactDiagnostic(diagnostic);
  const loc = formatLocation(d);
  const head = `${loc ? `${loc}: ` : ''}${d.severity}: ${d.message} [${d.code}]`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}

export function formatSummary(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  return `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
}
