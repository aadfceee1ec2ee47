// The `livewiki` command: the CLI with SIGINT/SIGTERM handling; its exit code is main's.
import { exitOnInterrupt } from './interrupt.ts';
import { main } from './main.ts';

exitOnInterrupt();
process.exitCode = await main(process.argv.slice(2));
