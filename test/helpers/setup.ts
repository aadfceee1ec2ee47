// Runs in every test file before its tests (vitest `setupFiles`): registered first, this
// `afterAll` runs last, after the file's own hooks have closed browsers and servers.
import { afterAll } from 'vitest';
import { interrupt } from '../../src/utils/interrupt.ts';
import { removeTempDirs, tempDir } from './temp.ts';

afterAll(removeTempDirs);

// livewiki's default cache folder is outside the checkout, under XDG_CACHE_HOME (else ~/.cache):
// builds of this file (and CLI children, which inherit it) keep theirs in a temp folder of its own.
process.env.XDG_CACHE_HOME = tempDir('livewiki-xdg-cache-');

// A test that timed out can leave a build running (TypeDoc, Astro) when vitest stops this worker
// with SIGTERM: livewiki's own temp folders in use then (tracked by src/utils/interrupt.ts) are
// removed, as the CLI does on SIGTERM, and the worker exits.
process.once('SIGTERM', () => interrupt(() => process.exit(143)));
