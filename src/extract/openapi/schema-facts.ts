// What a schema object says about a value, as short display text: its type label and its
// constraints (bounds, lengths, pattern, default, example…), bounded in length.

import { exampleText } from './examples.ts';
import { text, type Obj } from './text.ts';

export function typeLabel(s: Obj): string {
  const types = Array.isArray(s.type) ? s.type.map(text) : s.type !== undefined ? [text(s.type)] : [];
  let label = types.join(' | ');
  if (!label) {
    if (s.properties || s.additionalProperties) label = 'object';
    else if (s.items) label = 'array';
    else if (s.allOf) label = 'allOf';
    else if (s.oneOf) label = 'one of';
    else if (s.anyOf) label = 'any of';
    else if (Array.isArray(s.enum)) label = typeof s.enum[0] === 'number' ? 'number' : typeof s.enum[0] === 'string' ? 'string' : 'enum';
    else if (s.const !== undefined) label = 'const';
    else label = 'any';
  }
  if (typeof s.format === 'string') label += ` (${text(s.format)})`;
  if (s.nullable === true) label += ' | null';
  return label;
}

const CONSTRAINTS: [string, string][] = [
  ['minimum', '≥'],
  ['exclusiveMinimum', '>'],
  ['maximum', '≤'],
  ['exclusiveMaximum', '<'],
  ['multipleOf', 'multiple of'],
  ['minLength', 'min length'],
  ['maxLength', 'max length'],
  ['pattern', 'pattern'],
  ['minItems', 'min items'],
  ['maxItems', 'max items'],
  ['uniqueItems', 'unique items'],
  ['minProperties', 'min properties'],
  ['maxProperties', 'max properties'],
  ['collectionFormat', 'collection format'],
  ['style', 'style'],
  ['explode', 'explode'],
  ['contentMediaType', 'media type'],
  ['contentEncoding', 'encoding'],
];

export function short(v: unknown): string {
  const s = exampleText(v, 200);
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

export function constraints(s: Obj): string[] {
  const out: string[] = [];
  for (const [k, label] of CONSTRAINTS) {
    const v = s[k];
    if (v === undefined || typeof v === 'object') continue;
    // 3.0 booleans: `exclusiveMinimum: true` qualifies `minimum`.
    if (typeof v === 'boolean' && (k === 'exclusiveMinimum' || k === 'exclusiveMaximum')) continue;
    if (k === 'minimum' && s.exclusiveMinimum === true) out.push(`> ${text(v)}`);
    else if (k === 'maximum' && s.exclusiveMaximum === true) out.push(`< ${text(v)}`);
    else out.push(v === true ? label : `${label} ${text(v)}`);
  }
  if (s.const !== undefined) out.push(`const: ${short(s.const)}`);
  if (s.default !== undefined) out.push(`default: ${short(s.default)}`);
  if (s.example !== undefined) out.push(`example: ${short(s.example)}`);
  else if (Array.isArray(s.examples) && s.examples.length > 0) out.push(`example: ${short(s.examples[0])}`);
  return out;
}
