// Public API for programs: load a configuration and run a build (`import { build } from
// 'livewiki/api'`), with the types of their results.
export { loadConfig, type LoadOptions, type ResolvedConfig } from './config/load.ts';
export { build, type BuildResult, type RunOptions } from './pipeline/run.ts';
export type { Diagnostic } from './model/diagnostics.ts';
