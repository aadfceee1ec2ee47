// Packed entries give back exactly the value stored, whatever its strings hold.
import { expect, it } from 'vitest';
import { pack, unpack } from '../../src/cache/packed.ts';

it('unpacks exactly what was packed: long strings, NUL-led strings, non-ASCII, __proto__ keys', () => {
  const long = `<p class="x">${'é"\\\n'.repeat(100)}</p>`;
  const value = { a: [long, 'short', '\u00001', `\u0000${long}`], b: { c: long, d: null, e: 3, f: true }, g: '😀'.repeat(80), h: JSON.parse('{"__proto__": "' + 'p'.repeat(200) + '"}') as unknown };
  const back = unpack<typeof value>(pack(value));
  expect(back).toEqual(value);
  expect(Object.getPrototypeOf(back.h)).toBe(Object.prototype);
  expect(JSON.stringify(back)).toBe(JSON.stringify(value));
});

it('refuses a truncated entry', () => {
  const text = pack({ a: 'x'.repeat(500) });
  expect(() => unpack(text.slice(0, -1))).toThrow();
});
