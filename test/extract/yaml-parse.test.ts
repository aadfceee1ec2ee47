// Duplicate YAML keys found in linear time (src/extract/yaml-parse.ts) are the errors the `yaml`
// package's own pairwise check reports: same code, place, line and message, in the same order.
import { parseAllDocuments, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SAFE_YAML } from '../../src/extract/yaml-options.ts';
import { parseYamlDocument, parseYamlDocuments } from '../../src/extract/yaml-parse.ts';

const errors = (doc: { errors: { code: string; pos: [number, number]; linePos?: unknown; message: string }[] }) => doc.errors.map((e) => [e.code, e.pos, e.linePos, e.message]);

const CASES = [
  'a: 1\nb: {x: 1, x: 2}\n&k a: 3\n',
  'a: 1\na: 2\n',
  '? [1]\n: a\n? [1]\n: b\n',
  '1: a\n"1": b\n',
  'x:\n  - {y: 1, y: 2}\n  - z: 1\n    z: 2\nx: 3\n',
  'a: [1\nb: 2\nb: 3\n',
  '!!str a: 1\na: 2\n',
  'k: 1\r\nk: 2\r\n',
  `${'x'.repeat(100)}: 1\n${'x'.repeat(100)}: 2\n`,
  'a: &x 1\nb: *x\nc: 1\n',
];

describe('duplicate YAML keys', () => {
  it.each(CASES)('are reported as yaml reports them: %j', (text) => {
    expect(errors(parseYamlDocument(text, SAFE_YAML))).toEqual(errors(parseDocument(text, SAFE_YAML)));
  });

  it('are reported per document of a stream', () => {
    const text = 'a: 1\na: 2\n---\nb: 1\nb: 1\n---\nc: 1\n';
    expect(parseYamlDocuments(text, SAFE_YAML).map(errors)).toEqual(parseAllDocuments(text, SAFE_YAML).map((d) => errors(d as never)));
  });

  it('are found in a mapping of 20,000 keys, at the line of the second one', () => {
    const text = `${Array.from({ length: 20_000 }, (_, i) => `k${i}: ${i}`).join('\n')}\nk7: again\n`;
    const doc = parseYamlDocument(text, SAFE_YAML);
    expect(errors(doc).map(([code, , linePos]) => [code, (linePos as { line: number }[])[0]!.line])).toEqual([['DUPLICATE_KEY', 20_001]]);
  });
});
