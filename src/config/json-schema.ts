import { z } from 'zod';
import { configSchema } from './schema.ts';

/** The configuration's JSON Schema, as published in schema/livewiki.config.schema.json. */
export function configJsonSchema(): string {
  const schema = z.toJSONSchema(configSchema, { target: 'draft-2020-12' });
  return `${JSON.stringify({ ...schema, title: 'livewiki configuration' }, null, 2)}\n`;
}
