// Command-line parsing: a small, strict surface. Unknown options are usage errors (exit 2).

import { parseArgs } from 'node:util';

export interface BuildArgs {
  command: 'build';
  out?: string;
  config?: string;
  repo?: string;
  deepen: boolean;
  quiet: boolean;
}

export type ParsedArgs = BuildArgs | { command: 'help'; topic?: string } | { command: 'version' };

export class UsageError extends Error {
  override name = 'UsageError';
}

export const HELP = `livewiki: turns git repositories into an always-current wiki

Usage:
  livewiki build [--out DIR] [--config FILE] [--repo PATH] [--deepen] [--quiet]
  livewiki --help | --version

Commands:
  build        Build the wiki of the configured repositories (default: the git repository in
               the current directory) into the output folder (default: ./livewiki-dist).

Options:
  --out DIR      Output folder; replaced atomically, only if it is a livewiki output.
  --config FILE  livewiki.config.ts, .mjs or .json (default: found in the current directory).
  --repo PATH    Document this repository instead of the configured ones.
  --deepen       On a shallow clone, fetch the missing history from origin first.
  --quiet        Print errors only.
  -h, --help     Show this help.
  -v, --version  Show the version.

Exit status: 0 success, 1 errors in sources (see failOn), 2 usage or configuration error.
`;

export function parseCli(argv: string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string' },
        config: { type: 'string' },
        repo: { type: 'string' },
        deepen: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.version) return { command: 'version' };
  if (values.help || positionals.length === 0) return { command: 'help' };
  const [command, ...rest] = positionals;
  if (command !== 'build') throw new UsageError(`unknown command "${command}"; try "livewiki --help"`);
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  return {
    command: 'build',
    out: values.out,
    config: values.config,
    repo: values.repo,
    deepen: values.deepen ?? false,
    quiet: values.quiet ?? false,
  };
}
