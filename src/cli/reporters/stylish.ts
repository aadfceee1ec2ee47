// The default reporter: problems grouped by file, one line each
// (`file:line:col  severity  message  CODE`, the location clickable in terminals and editors),
// the hint indented below, and a count at the end.
import type { Diagnostic } from '../../model/diagnostics.ts';
import { fileOf, reportable, type Reporter } from './types.ts';

function location(d: Diagnostic): string {
  let loc = fileOf(d);
  if (d.line !== undefined) loc += `:${d.line}${d.column !== undefined ? `:${d.column}` : ''}`;
  if (d.pointer !== undefined) loc += `#${d.pointer}`;
  return loc;
}

export const stylish: Reporter = (diagnostics) => {
  if (diagnostics.length === 0) return '';
  const groups = new Map<string, Diagnostic[]>();
  for (const d of reportable(diagnostics)) {
    const key = fileOf(d);
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  const out: string[] = [];
  for (const [file, list] of groups) {
    if (out.length > 0) out.push('');
    out.push(file === '' ? '(general)' : file);
    for (const d of list) {
      const loc = location(d);
      out.push(`  ${loc === '' ? '-' : loc}  ${d.severity.padEnd(7)}  ${d.message}  ${d.code}`);
      if (d.hint) out.push(`      hint: ${d.hint}`);
    }
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  out.push('', `${errors + warnings} problem${errors + warnings === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`);
  return `${out.join('\n')}\n`;
};
