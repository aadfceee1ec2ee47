// Public API: `defineConfig` for config files, `build` for programs.
export { defineConfig } from './config/define.ts';
export type { UserConfig } from './config/schema.ts';
export { loadConfig, type ResolvedConfig } from './config/load.ts';
export { build, type BuildResult } from './pipeline/run.ts';
