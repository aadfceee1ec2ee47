// Public API for configuration files: `import { defineConfig } from 'livewiki'` (types only need
// the configuration schema, not Node's). Programs that run builds import 'livewiki/api'.
export { defineConfig } from './config/define.ts';
export type { UserConfig } from './config/schema.ts';
