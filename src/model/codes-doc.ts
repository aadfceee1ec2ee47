// The diagnostics reference (docs/diagnostics.md) as Markdown, from the catalogue.
import { CODES, type Code } from './codes.ts';

const SEVERITY = { error: 'error', warning: 'warning', info: 'info' } as const;

export function diagnosticsReference(): string {
  const rows = (Object.keys(CODES) as Code[])
    .sort()
    .map((code) => {
      const d = CODES[code];
      return `| \`${code}\` | ${SEVERITY[d.severity]} | ${d.title} | ${d.hint.replace(/\|/g, '\\|')} |`;
    });
  return [
    '# Diagnostics',
    '',
    'Every problem livewiki reports has a stable code. `E_` codes are errors (`livewiki build` and',
    '`check` exit 1), `W_` codes warnings (errors with `--strict` or `failOn: "warning"`), `I_` codes',
    'notes (shown with `--verbose`). A diagnostic names its file and line (or JSON pointer) and may',
    'carry a more specific hint than the general one below.',
    '',
    'Generated from `src/model/codes.ts` by `npm run codes`.',
    '',
    '| code | severity | what | what to do |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
