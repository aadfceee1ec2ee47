// CPU time of the processes a benchmark waits for (git, livewiki's CLI), which the benchmark's
// own `process.cpuUsage()` does not count.
import { readFileSync } from 'node:fs';

/** CPU (user + system, ms) of this process's waited-for children so far, from /proc/self/stat; null without /proc. */
export function childrenCpuMs(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3; cutime and cstime are 16 and 17.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[13]) + Number(f[14])) * 1000) / 100;
  } catch {
    return null;
  }
}
