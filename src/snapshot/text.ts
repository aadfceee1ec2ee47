// How a file's bytes become text (catalogue F3, F5; audit D15). One rule for every extractor:
// - a UTF-16 byte order mark (LE or BE) means UTF-16;
// - bytes that are valid UTF-8 (with or without its BOM) are UTF-8;
// - anything else is read as Windows-1252 (a superset of Latin-1's printable range, and what
//   "Latin-1" text usually is), and the caller warns: never U+FFFD garbage without a word.
// A NUL byte in the first 8000 bytes (git's binary heuristic) is left for the extractor to judge.
// Git LFS pointers are recognised by their exact format and are never text.

import { isUtf8 } from 'node:buffer';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  /** True when the bytes hold a NUL early on (binary, or UTF-16 without a BOM). */
  binary: boolean;
}

const utf16le = new TextDecoder('utf-16le');
const utf16be = new TextDecoder('utf-16be');
const windows1252 = new TextDecoder('windows-1252');

export function decodeText(buf: Buffer): DecodedText {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { text: utf16le.decode(buf), encoding: 'utf-16le', binary: false };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { text: utf16be.decode(buf), encoding: 'utf-16be', binary: false };
  const binary = buf.subarray(0, 8000).includes(0);
  if (binary || isUtf8(buf)) return { text: buf.toString('utf8'), encoding: 'utf-8', binary };
  return { text: windows1252.decode(buf), encoding: 'windows-1252', binary: false };
}

/** A Git LFS pointer: the object's id and size (https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md). */
export interface LfsPointer {
  oid: string;
  size: number;
}

const LFS_VERSION = 'version https://git-lfs.github.com/spec/v1\n';

/** The pointer, when `buf` is one (small, the spec's first line, an sha256 oid and a size); else null. */
export function parseLfsPointer(buf: Buffer): LfsPointer | null {
  if (buf.length > 1024 || !buf.subarray(0, LFS_VERSION.length).equals(Buffer.from(LFS_VERSION))) return null;
  const text = buf.toString('utf8');
  const oid = /^oid sha256:([0-9a-f]{64})$/m.exec(text)?.[1];
  const size = /^size (\d{1,15})$/m.exec(text)?.[1];
  return oid && size ? { oid, size: Number(size) } : null;
}
