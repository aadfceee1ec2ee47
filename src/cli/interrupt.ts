// Ctrl-C in a terminal, or a cancelled CI job (SIGTERM): the build stops, its temp folder and lock
// are removed (after a publish in progress, if any, has finished), the previous output stays,
// and the exit code says which signal it was (128 + signal number, as shells do).
import { interrupt } from '../utils/interrupt.ts';

const CODES = { SIGINT: 130, SIGTERM: 143 } as const;

export function exitOnInterrupt(): void {
  for (const signal of Object.keys(CODES) as (keyof typeof CODES)[]) {
    process.once(signal, () => {
      interrupt(({ published }) => {
        const what = published ? 'the site being published was published first' : 'nothing was published, the previous output is unchanged';
        process.stderr.write(`livewiki: interrupted (${signal}); ${what}.\n`);
        process.exit(CODES[signal]);
      });
    });
  }
}
