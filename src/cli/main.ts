// The only module that prints or decides exit codes.

import { ConfigError, loadConfig } from '../config/load.ts';
import { build } from '../pipeline/build.ts';
import { GENERATOR } from '../pipeline/generator.ts';
import { HELP, parseCli, UsageError, type ParsedArgs } from './args.ts';
import { formatDiagnostic, formatSummary } from './report.ts';

export const EXIT_OK = 0;
export const EXIT_SOURCE_ERRORS = 1;
export const EXIT_USAGE = 2;

export async function main(argv: string[], cwd = process.cwd()): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseCli(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`livewiki: ${error.message}\n\n${HELP}`);
    return EXIT_USAGE;
  }
  if (args.command === 'help') {
    process.stdout.write(HELP);
    return EXIT_OK;
  }
  if (args.command === 'version') {
    process.stdout.write(`${GENERATOR.version}\n`);
    return EXIT_OK;
  }
  try {
    const config = await loadConfig({ cwd, configFile: args.config, repo: args.repo, out: args.out, deepen: args.deepen });
    const result = await build(config);
    for (const d of result.diagnostics) {
      if (args.quiet && d.severity !== 'error') continue;
      process.stderr.write(`${formatDiagnostic(d)}\n`);
    }
    if (!args.quiet) {
      const verb = result.published ? `built ${result.pages} pages into ${result.outDir}` : 'nothing published';
      process.stderr.write(`livewiki: ${verb} (${formatSummary(result.diagnostics)})\n`);
    }
    if (result.fatal) return result.fatal === 'config' ? EXIT_USAGE : EXIT_SOURCE_ERRORS;
    const failing = result.diagnostics.filter((d) =>
      config.failOn === 'never' ? false : config.failOn === 'warning' ? d.severity !== 'info' : d.severity === 'error',
    );
    return failing.length > 0 ? EXIT_SOURCE_ERRORS : EXIT_OK;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`livewiki: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
