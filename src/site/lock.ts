// One build per output folder at a time (RELIABILITY P1): `<out>.livewiki-lock` is created
// exclusively and says who holds it: pid, host name and the process's start (boot id + start
// time in clock ticks, from /proc where there is one). A lock is stale, and taken over, when its
// process is gone or the pid now names another process (D16): another host name (a container of
// an earlier job: pids repeat, PID 1 above all), or the same pid with another start. A lock of an
// older livewiki holds the pid only: it is stale when that pid's process started after the lock
// was written. (Builds on different machines must not share one output folder: a lock from another
// host is taken to be a leftover.)
//
// `build` holds the lock from before it reads the previous URL ledger until it has published
// (`holdOutDir`), so of two builds into one folder the later one carries what the earlier one
// published (D13).
import { readFileSync } from 'node:fs';
import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Diagnostics } from '../model/diagnostics.ts';
import { trackLeftover } from '../utils/interrupt.ts';
import { checkOutDir, SiteError } from './out-dir.ts';

export interface Lock {
  release(): Promise<void>;
}

/** What a lock file says about its owner. */
export interface LockOwner {
  pid: number;
  host: string | null;
  /** Boot id + the process's start time in clock ticks since boot; null where unknown. */
  start: string | null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** `<boot id>:<start ticks>` of a process, from /proc (Linux); null elsewhere or when it is gone. */
export function processStart(pid: number): string | null {
  const stat = readText(`/proc/${pid}/stat`);
  const boot = readText('/proc/sys/kernel/random/boot_id')?.trim();
  if (stat === null || !boot) return null;
  // Field 22 (starttime), counted after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = fields[19];
  return ticks && /^\d+$/.test(ticks) ? `${boot}:${ticks}` : null;
}

export function lockText(pid = process.pid): string {
  return `${pid}\nhost ${hostname()}\nstart ${processStart(pid) ?? 'unknown'}\n`;
}

/** The owner a lock file names (an old lock holds its pid only); null when it is not a lock. */
export function parseLock(text: string): LockOwner | null {
  const [first, ...rest] = text.split('\n');
  const pid = Number.parseInt(first?.trim() ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || String(pid) !== first?.trim()) return null;
  const field = (name: string) => rest.find((l) => l.startsWith(`${name} `))?.slice(name.length + 1).trim() ?? null;
  const start = field('start');
  return { pid, host: field('host'), start: start === 'unknown' ? null : start };
}

/** When a process started (ms since the epoch, Linux only; USER_HZ is 100 on every Linux ABI). */
function processStartMs(pid: number): number | null {
  const start = processStart(pid);
  const btime = /^btime (\d+)$/m.exec(readText('/proc/stat') ?? '')?.[1];
  if (start === null || btime === undefined) return null;
  return Number(btime) * 1000 + Number(start.split(':')[1]) * 10;
}

/** Whether the owner of a lock (written at `writtenMs`) may still be building. */
export function ownerAlive(owner: LockOwner, writtenMs: number): boolean {
  if (owner.host !== null && owner.host !== hostname()) return false;
  if (!alive(owner.pid)) return false;
  if (owner.start !== null) {
    const now = processStart(owner.pid);
    return now === null || now === owner.start;
  }
  // A pid-only lock: its process cannot have started after the lock was written (1 s of slack).
  const started = processStartMs(owner.pid);
  return started === null || started <= writtenMs + 1000;
}

async function tryCreate(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx');
    await handle.writeFile(lockText());
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
  const owner = parseLock(text);
  const written = await stat(path).then((s) => s.mtimeMs, () => null);
  if (written === null) return false;
  if (owner !== null && ownerAlive(owner, written)) return false;
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

/**
 * Checks and locks the output folder for a whole build (from reading the previous ledger to
 * publishing). Null, with the reason reported, when the folder is unsafe or stays locked.
 */
export async function holdOutDir(outDir: string, diagnostics: Diagnostics, timeoutMs = 600_000): Promise<Lock | null> {
  try {
    const out = await checkOutDir(outDir);
    return await acquireLock(out, timeoutMs);
  } catch (error) {
    if (!(error instanceof SiteError)) throw error;
    diagnostics.error(error.code, error.message, error.hint === undefined ? {} : { hint: error.hint });
    return null;
  }
}
