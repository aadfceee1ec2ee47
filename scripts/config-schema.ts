// Writes schema/livewiki.config.schema.json from the zod schema (for editors: "$schema" in JSON configs).
import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../src/config/json-schema.ts';

writeFileSync(new URL('../schema/livewiki.config.schema.json', import.meta.url), configJsonSchema());
