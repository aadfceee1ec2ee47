// `npm test` (scripts/test.ts) on machines unlike this one: without Chromium it says what to
// install and the browser tests are reported skipped with that reason; a temp folder left by a
// test fails the run and is named; a clean run passes and leaves nothing. Each case runs the
// script for real on a fixture suite (test/scripts/fixtures/).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONFIG = 'test/scripts/fixtures/vitest.config.ts';
const MISSING = '/nonexistent/livewiki-test/chromium';

function npmTest(filter: string, env: Record<string, string> = {}) {
  // The outer vitest's own variables would make the inner one think it is a worker, and the
  // outer run's browser settings (.ci/run sets LIVEWIKI_REQUIRE_BROWSER=1) are not this case's.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && !k.startsWith('LIVEWIKI_') && k !== 'NODE_OPTIONS'));
  const r = spawnSync(process.execPath, ['scripts/test.ts', '--config', CONFIG, filter], {
    cwd: ROOT,
    env: { ...base, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

describe('the test command (scripts/test.ts)', () => {
  it('without Chromium, says what to install and reports the browser tests skipped with that reason', () => {
    const { code, out } = npmTest('browser', { LIVEWIKI_CHROMIUM: MISSING });
    expect(code, out).toBe(0);
    const reason = `no Chromium at ${MISSING}, browser tests skipped: install it (Debian: apt-get install chromium) or set LIVEWIKI_CHROMIUM=/path/to/chromium`;
    // One line before the run...
    expect(out).toContain(`livewiki test: ${reason}\n`);
    // ...and in vitest's report: counted as skipped, not passed, with the reason and the file.
    expect(out).toMatch(/Tests\s+1 skipped \(1\)/);
    expect(out).toContain(`1 test skipped: ${reason}\n   test/scripts/fixtures/browser.fixture.ts (1)`);
  });

  it('fails instead of skipping when the browser is required (CI)', () => {
    const { code, out } = npmTest('browser', { LIVEWIKI_CHROMIUM: MISSING, LIVEWIKI_REQUIRE_BROWSER: '1' });
    expect(code, out).toBe(1);
    expect(out).toContain('LIVEWIKI_REQUIRE_BROWSER=1');
    expect(out).not.toMatch(/Tests\s+/); // no test ran
  });

  it('fails a run whose tests pass but leave a temp folder, names it, and removes it', () => {
    const { code, out } = npmTest('leak');
    expect(code, out).toBe(1);
    expect(out).toMatch(/Tests\s+1 passed \(1\)/);
    const folder = /the run left 1 item\(s\) in its temp folder (\S+) \(now removed\)/.exec(out)?.[1];
    expect(folder, out).toBeTruthy();
    expect(out).toMatch(/livewiki test: {3}livewiki-forgotten-\w+\/ \(left\.txt\)/);
    expect(existsSync(folder!)).toBe(false);
  });

  it("removes livewiki's own temp folders still in use when a test file's worker is stopped", () => {
    const { code, out } = npmTest('orphan');
    expect(code, out).toBe(0);
    expect(out).toMatch(/Tests\s+1 passed \(1\)/);
    expect(out).not.toContain('the run left');
  });

  it('passes a clean run, whose tests saw a private temp folder that is gone afterwards', () => {
    const { code, out } = npmTest('clean');
    expect(code, out).toBe(0);
    expect(out).not.toContain('the run left');
    const seen = /TMPDIR SEEN (\S+)/.exec(out)?.[1];
    expect(seen, out).toMatch(/\/livewiki-test-run-\w+$/);
    expect(seen!.startsWith(tmpdir())).toBe(true);
    expect(seen).not.toBe(tmpdir());
    expect(existsSync(seen!)).toBe(false);
  });
});
