// `npm test`, the README's test command, on any machine: `node scripts/test.ts [vitest args]`.
//  1. The browser. Without Chromium, when running as root on Debian (as this project's machines
//     and CI do), Debian's `chromium` is installed first (apt-get, with its recommended fonts);
//     elsewhere one line says what to install and the browser tests are skipped, each with that
//     reason in vitest's report (test/helpers/chromium.ts, skip-reporter.ts). With
//     LIVEWIKI_REQUIRE_BROWSER=1 (CI) a missing browser fails the run instead.
//  2. Temp folders. The whole run gets a private temp folder (TMPDIR, TMP, TEMP): a fresh
//     mkdtemp folder that only this run's processes are pointed at, so files other programs put
//     in /tmp never count and our leftovers cannot hide among theirs. Anything still in it once
//     every process of the run has exited is listed, removed, and fails the run.
//  3. vitest run, with the arguments given (`npm test -- test/site`).
// A wrapper rather than a vitest globalSetup: the browser must be installed before any worker
// starts, and leftovers can only be judged after vitest's workers, git, Astro and Chromium have
// all exited, which a hook inside vitest cannot wait for.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumMissing, DEFAULT_CHROMIUM } from '../test/helpers/chromium.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;

function say(line: string): void {
  process.stderr.write(`livewiki test: ${line}\n`);
}

/** Debian itself (not a derivative whose `chromium` package is something else, e.g. Ubuntu's snap). */
function isDebian(): boolean {
  if (!existsSync('/usr/bin/apt-get')) return false;
  try {
    return /^ID="?debian"?$/m.test(readFileSync('/etc/os-release', 'utf8'));
  } catch {
    return false;
  }
}

function installChromium(): boolean {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'chromium']]) {
    const r = spawnSync('apt-get', args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) {
      say(`apt-get ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`})`);
      return false;
    }
  }
  return true;
}

/** Makes sure the browser tests can run; returns why they will be skipped, or null. Exits on a failed install. */
function provisionBrowser(): string | null {
  if (chromiumMissing() === null) return null;
  // A Chromium named by LIVEWIKI_CHROMIUM is the user's; installing Debian's would not put it there.
  if (!process.env.LIVEWIKI_CHROMIUM && process.getuid?.() === 0 && isDebian()) {
    say(`no Chromium at ${DEFAULT_CHROMIUM}: installing Debian's chromium for the browser tests (apt-get install chromium)`);
    if (!installChromium() || chromiumMissing() !== null) {
      say(`could not install Chromium; install it by hand (apt-get install chromium) or set LIVEWIKI_CHROMIUM=/path/to/chromium`);
      process.exit(1);
    }
    return null;
  }
  const reason = chromiumMissing()!;
  say(reason);
  if (process.env.LIVEWIKI_REQUIRE_BROWSER === '1') {
    say('LIVEWIKI_REQUIRE_BROWSER=1: the browser tests may not be skipped here');
    process.exit(1);
  }
  return reason;
}

/** Lists what is left in the run's temp folder: names, with the entries of folders, one level down. */
function leftovers(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .map((name) => {
      const path = join(dir, name);
      try {
        if (!statSync(path).isDirectory()) return name;
        const inside = readdirSync(path).sort();
        return `${name}/ (${inside.length === 0 ? 'empty' : inside.slice(0, 4).join(', ') + (inside.length > 4 ? ', …' : '')})`;
      } catch {
        return name;
      }
    });
}

function main(): void {
  if (!existsSync(VITEST)) {
    say('vitest is not installed: run `npm install` first');
    process.exit(1);
  }
  provisionBrowser();
  const runTmp = mkdtempSync(join(tmpdir(), 'livewiki-test-run-'));
  // Node 22+ keeps a compile cache in os.tmpdir() when a tool turns it on (Astro's and Vite's
  // bins do): it is Node's, meant to outlive the process, so it goes beside node_modules instead
  // of counting as a leftover of ours.
  const compileCache = process.env.NODE_COMPILE_CACHE ?? join(ROOT, 'node_modules', '.cache', 'node-compile-cache');
  const env = { ...process.env, TMPDIR: runTmp, TMP: runTmp, TEMP: runTmp, NODE_COMPILE_CACHE: compileCache };
  const child = spawn(process.execPath, [VITEST, 'run', ...process.argv.slice(2)], { cwd: ROOT, env, stdio: 'inherit' });
  let interrupted: keyof typeof SIGNALS | null = null;
  for (const signal of Object.keys(SIGNALS) as (keyof typeof SIGNALS)[]) {
    process.on(signal, () => {
      interrupted = signal;
      child.kill(signal);
    });
  }
  child.on('close', (code, signal) => {
    const left = leftovers(runTmp);
    rmSync(runTmp, { recursive: true, force: true });
    let exitCode = interrupted ? 128 + SIGNALS[interrupted] : (code ?? (signal ? 128 + (SIGNALS[signal as keyof typeof SIGNALS] ?? 9) : 1));
    if (left.length > 0) {
      say(`the run left ${left.length} item(s) in its temp folder ${runTmp} (now removed); whatever made them must remove them:`);
      for (const line of left) say(`  ${line}`);
      if (exitCode === 0) exitCode = 1;
    }
    process.exit(exitCode);
  });
}

main();
