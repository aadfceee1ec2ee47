// Reporters by `--format` name.
import { github, githubReporter } from './github.ts';
import { json, jsonDiagnostics } from './json.ts';
import { stylish } from './stylish.ts';
import type { Format, Reporter } from './types.ts';

export { FORMATS, type Format, type Reporter } from './types.ts';
export { escapeData, escapeProperty } from './github.ts';
export { github, githubReporter, json, jsonDiagnostics, stylish };

export const REPORTERS: Record<Format, Reporter> = { stylish, json, github };
