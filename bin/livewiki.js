#!/usr/bin/env node
// Installed from the package (under node_modules, where Node does not strip types), livewiki runs
// its compiled JavaScript from dist/; in a checkout it runs the TypeScript sources directly
// (Node >= 22.18), so a stale dist/ there is never used.
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const installed = fileURLToPath(import.meta.url).split(sep).includes('node_modules');
await import(installed ? '../dist/cli/bin.js' : '../src/cli/bin.ts');
