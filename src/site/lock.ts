// One build per output folder at a time (RELIABILITY P1): `<out>.livewiki-lock` is created
// exclusively and holds the owner's pid; a lock whose process is gone is stale and taken over.
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { trackLeftover } from '../utils/interrupt.ts';
import { SiteError } from './out-dir.ts';

export interface Lock {
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function tryCreate(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx');
    await handle.writeFile(`${process.pid}\n`);
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function readOrNull(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null; // Vanished meanwhile: the next attempt will tell.
  }
}

/** Removes the lock if its owner is gone; re-reads first to narrow the take-over race. */
async function removeIfStale(path: string): Promise<boolean> {
  const text = await readOrNull(path);
  // An empty file is a lock being written right now, not a stale one.
  if (text === null || text.trim() === '') return false;
  const pid = Number.parseInt(text.trim(), 10);
  if (Number.isInteger(pid) && pid > 0 && alive(pid)) return false;
  if ((await readOrNull(path)) !== text) return false;
  await rm(path, { force: true });
  return true;
}

/** Waits up to `timeoutMs` for the lock of `out`, then fails with E_OUT_DIR_LOCKED. */
export async function acquireLock(out: string, timeoutMs: number, pollMs = 100): Promise<Lock> {
  const path = `${out}.livewiki-lock`;
  await mkdir(dirname(out), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await tryCreate(path)) {
      let released = false;
      const untrack = trackLeftover(path);
      return {
        async release() {
          if (released) return;
          released = true;
          await rm(path, { force: true });
          untrack();
        },
      };
    }
    if (await removeIfStale(path)) continue;
    if (Date.now() >= deadline) {
      throw new SiteError(
        'E_OUT_DIR_LOCKED',
        `Another livewiki build is writing "${out}" (lock file ${path}).`,
        'Wait for it to finish; if no build is running, delete the lock file.',
      );
    }
    await sleep(pollMs);
  }
}
