// What an interrupted run must not leave behind (its temp folder, its lock), and the one moment
// it must not be stopped: between the two renames that publish a site. The CLI calls `interrupt`
// on SIGINT/SIGTERM; a build killed outright (SIGKILL) is cleaned up by the next one instead.
import { rmSync } from 'node:fs';

const leftovers = new Set<string>();
let critical = 0;
let pending: (() => void) | null = null;

/** Marks `path` for removal if the process is interrupted; the returned function unmarks it. */
export function trackLeftover(path: string): () => void {
  leftovers.add(path);
  return () => {
    leftovers.delete(path);
  };
}

/** Runs `work` with interruption deferred until it is done. */
export async function uninterruptible<T>(work: () => Promise<T>): Promise<T> {
  critical++;
  try {
    return await work();
  } finally {
    critical--;
    if (critical === 0 && pending) {
      const run = pending;
      pending = null;
      run();
    }
  }
}

/**
 * Removes every tracked leftover, right away or as soon as a publish in progress has finished
 * (`published` then says so), then calls `done` (the caller exits).
 */
export function interrupt(done: (outcome: { removed: string[]; published: boolean }) => void): void {
  const run = (published: boolean) => {
    const removed = [...leftovers].sort();
    for (const path of removed) rmSync(path, { recursive: true, force: true });
    leftovers.clear();
    done({ removed, published });
  };
  if (critical > 0) pending = () => run(true);
  else run(false);
}
