// Writes docs/diagnostics.md, the reference of every diagnostic code, from src/model/codes.ts.
//   node scripts/codes.ts           write it
//   node scripts/codes.ts --check   exit 1 when the file is not current (used by a test)
import { readFileSync, writeFileSync } from 'node:fs';
import { diagnosticsReference } from '../src/model/codes-doc.ts';

const file = new URL('../docs/diagnostics.md', import.meta.url);
const text = diagnosticsReference();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // missing: not current
  }
  if (current !== text) {
    process.stderr.write('docs/diagnostics.md is out of date: run `npm run codes`\n');
    process.exitCode = 1;
  }
} else {
  writeFileSync(file, text);
}
