// The diagnostics catalogue: every code livewiki reports is in it, with the severity its prefix
// says, and the generated reference is current.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODES, isCode } from '../../src/model/codes.ts';
import { diagnosticsReference } from '../../src/model/codes-doc.ts';

const ROOT = join(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(join(ROOT, dir, f), 'utf8'));
}

describe('the diagnostics catalogue', () => {
  const code = /['"`]([EWI]_[A-Z][A-Z0-9_]+)['"`]/g;
  const used = new Set(sources('src').flatMap((text) => [...text.matchAll(code)].map((m) => m[1]!)));

  it('has every code the sources report, and no code they never use', () => {
    expect([...used].filter((c) => !isCode(c)).sort()).toEqual([]);
    expect(Object.keys(CODES).filter((c) => !used.has(c)).sort()).toEqual([]);
  });

  it('gives each code the severity of its prefix, a title and a hint', () => {
    const prefix = { error: 'E_', warning: 'W_', info: 'I_' } as const;
    for (const [c, def] of Object.entries(CODES)) {
      expect(c.startsWith(prefix[def.severity]), c).toBe(true);
      expect(def.title.length, c).toBeGreaterThan(5);
      expect(def.hint.length, c).toBeGreaterThan(5);
    }
  });

  it('is published as docs/diagnostics.md, current (npm run codes)', () => {
    expect(readFileSync(join(ROOT, 'docs/diagnostics.md'), 'utf8')).toBe(diagnosticsReference());
  });

  it('leaves no diagnostic to be found by its position in a shared list', () => {
    const byPosition = /diagnostics\.items\.(length|slice)/;
    expect(sources('src').filter((text) => byPosition.test(text))).toEqual([]);
  });
});
