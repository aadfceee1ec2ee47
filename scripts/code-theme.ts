// Writes site/src/styles/code-theme.css: the token colours of highlighted code (src/site/code-theme.ts).
import { writeFileSync } from 'node:fs';
import { loadCodePalette } from '../src/site/highlight.ts';

writeFileSync(new URL('../site/src/styles/code-theme.css', import.meta.url), (await loadCodePalette()).css);
