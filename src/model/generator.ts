// Name and version written into every output, from livewiki's own package.json.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

export const GENERATOR = { name: pkg.name, version: pkg.version } as const;
