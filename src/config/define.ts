import type { UserConfig } from './schema.ts';

/** Identity function that gives `livewiki.config.ts` its types. Kept free of runtime imports. */
export function defineConfig(config: UserConfig): UserConfig {
  return config;
}
