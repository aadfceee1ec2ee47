// The layering of src/ is enforced by dependency-cruiser (.dependency-cruiser.cjs, run by CI as
// `npm run lint:layers`): the tree passes, and a deliberate wrong-way import fails.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const DEPCRUISE = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'livewiki-layers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function cruise(cwd: string) {
  return spawnSync(process.execPath, [DEPCRUISE, 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd, encoding: 'utf8' });
}

describe('layering of src/', () => {
  it('passes on the tree as it is', () => {
    const r = cruise(ROOT);
    expect(r.stdout + r.stderr).toContain('no dependency violations found');
    expect(r.status).toBe(0);
  });

  it.each([
    ['model', 'src/model/wrong-way.ts', "import { build } from '../pipeline/run.ts';\nexport const x = build;\n", 'utils-imports-a-later-layer'],
    ['extract', 'src/extract/wrong-way.ts', "import type { PageInput } from '../render/page.ts';\nexport type X = PageInput;\n", 'extract-imports-a-later-layer'],
    ['history', 'src/history/wrong-way.ts', "import { attachProvenance } from '../provenance/index.ts';\nexport const x = attachProvenance;\n", 'history-imports-a-later-layer'],
  ])('fails when %s imports a later stage, even for a type', (_name, file, text, rule) => {
    const copy = join(scratch, rule);
    cpSync(join(ROOT, 'src'), join(copy, 'src'), { recursive: true });
    cpSync(join(ROOT, '.dependency-cruiser.cjs'), join(copy, '.dependency-cruiser.cjs'));
    writeFileSync(join(copy, file), text);
    const r = cruise(copy);
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain(`error ${rule}: ${file}`);
  });

  it('places every folder and file of src/ in a layer', async () => {
    const config = createRequire(import.meta.url)(join(ROOT, '.dependency-cruiser.cjs')) as { LAYERS: string[][] };
    const layers = config.LAYERS.flat().map((l) => l.replace('\\.', '.'));
    expect(readdirSync(join(ROOT, 'src')).filter((name) => !layers.includes(name))).toEqual([]);
  });

  it('is what CI runs', () => {
    expect(execFileSync('grep', ['-c', 'npm run lint:layers', join(ROOT, '.ci/run')], { encoding: 'utf8' }).trim()).not.toBe('0');
  });
});
