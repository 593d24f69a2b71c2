// IDX files (LeCun's MNIST format, also Fashion-MNIST's): a big-endian header
// (magic 0x0000 08 0D: type 0x08 = uint8, D = number of dimensions; then D
// uint32 sizes) followed by the uint8 data. Fashion-MNIST ships them gzipped.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { BadInput } from './bad-input.ts';

export interface IdxArray {
  /** Sizes of the dimensions, outermost first (e.g. [60000, 28, 28]). */
  dims: number[];
  data: Uint8Array;
}

/** Magic number of an unsigned-byte IDX file with `dims` dimensions. */
export const idxMagic = (dims: number): number => 0x00000800 | dims;

/**
 * Parses an (uncompressed) IDX buffer of uint8 with exactly `dims`
 * dimensions; `name` names the file in error messages.
 */
export function parseIdx(buf: Uint8Array, dims: number, name: string): IdxArray {
  const header = 4 + 4 * dims;
  if (buf.length < header) throw new BadInput(`${name}: truncated IDX header (${buf.length} bytes, need ${header})`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const magic = view.getUint32(0, false);
  if (magic !== idxMagic(dims)) {
    throw new BadInput(`${name}: wrong magic number 0x${hex(magic)} (expected 0x${hex(idxMagic(dims))}: uint8 IDX with ${dims} dimension${dims > 1 ? 's' : ''})`);
  }
  const sizes = Array.from({ length: dims }, (_, i) => view.getUint32(4 + 4 * i, false));
  const count = sizes.reduce((a, b) => a * b, 1);
  const have = buf.length - header;
  if (have < count) throw new BadInput(`${name}: truncated: header says ${sizes.join(' x ')} = ${count} bytes of data, file has ${have}`);
  if (have > count) throw new BadInput(`${name}: ${have - count} bytes of trailing data after ${sizes.join(' x ')} values`);
  return { dims: sizes, data: buf.subarray(header) };
}

const hex = (x: number) => x.toString(16).padStart(8, '0');

/** Reads and gunzips one .gz IDX file; every way it can fail is a BadInput naming the file. */
export function readIdxGz(path: string, dims: number): IdxArray {
  if (!existsSync(path)) throw new BadInput(`data file '${path}' not found`);
  if (!statSync(path).isFile()) throw new BadInput(`data file '${path}' is not a file`);
  let raw: Buffer;
  try {
    raw = gunzipSync(readFileSync(path));
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new BadInput(`${path}: not a readable gzip file (${why}); truncated or corrupt?`);
  }
  return parseIdx(raw, dims, path);
}
