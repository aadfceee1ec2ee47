#!/usr/bin/env node
// The sources are TypeScript run directly by Node's type stripping (Node >= 22.18).
import { exitOnInterrupt } from '../src/cli/interrupt.ts';
import { main } from '../src/cli/main.ts';

exitOnInterrupt();
process.exitCode = await main(process.argv.slice(2));
