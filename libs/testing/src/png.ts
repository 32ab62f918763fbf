/** A PNG decoded by pngjs: width, height and RGBA bytes (greyscale and low bit depths expanded). */
export interface DecodedPng {
  width: number;
  height: number;
  data: Buffer;
}

// pngjs ships no types; its synchronous reader is all the tests and benches need.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PNG } = require('pngjs') as { PNG: { sync: { read(png: Buffer): DecodedPng } } };

export const decodePng = (png: Buffer): DecodedPng => PNG.sync.read(png);
