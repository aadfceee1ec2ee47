// Runs in every test file before its tests (vitest `setupFiles`): registered first, this
// `afterAll` runs last, after the file's own hooks have closed browsers and servers.
import { afterAll } from 'vitest';
import { removeTempDirs } from './temp.ts';

afterAll(removeTempDirs);
