/**
 * Windows ICO and Apple ICNS containers built from PNG images. Both formats accept PNG payloads
 * as-is (ICO since Windows Vista, ICNS for the ic07+ types), so no pixel conversion is needed and
 * no native tool has to be installed on the build machine.
 */

export interface SizedPng {
  readonly size: number;
  readonly png: Buffer;
}

const ICO_HEADER_BYTES = 6;
const ICO_ENTRY_BYTES = 16;

/** ICONDIR + one ICONDIRENTRY per image, each pointing at its PNG bytes. */
export function encodeIco(images: readonly SizedPng[]): Buffer {
  const header = Buffer.alloc(ICO_HEADER_BYTES);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1 = icon (2 would be cursor)
  header.writeUInt16LE(images.length, 4);

  const entries: Buffer[] = [];
  let offset = ICO_HEADER_BYTES + ICO_ENTRY_BYTES * images.length;
  for (const { size, png } of images) {
    if (size < 1 || size > 256) throw new Error(`ICO images are 1–256 px, got ${size}`);
    const entry = Buffer.alloc(ICO_ENTRY_BYTES);
    // A dimension byte of 0 means 256.
    entry.writeUInt8(size === 256 ? 0 : size, 0);
    entry.writeUInt8(size === 256 ? 0 : size, 1);
    entry.writeUInt8(0, 2); // no palette
    entry.writeUInt8(0, 3); // reserved
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    entries.push(entry);
    offset += png.length;
  }
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}

/** ICNS element types that carry PNG data, by pixel size (the @2x types reuse the same pixels). */
export const ICNS_TYPES_BY_SIZE: Readonly<Record<number, readonly string[]>> = {
  32: ['ic11'], // 16pt @2x
  64: ['ic12'], // 32pt @2x
  128: ['ic07'],
  256: ['ic08', 'ic13'], // 256pt, 128pt @2x
  512: ['ic09', 'ic14'], // 512pt, 256pt @2x
  1024: ['ic10'], // 512pt @2x
};

/** 'icns' magic + total length, then (type, length including its 8-byte header, PNG) chunks. */
export function encodeIcns(images: readonly SizedPng[]): Buffer {
  const chunks: Buffer[] = [];
  for (const { size, png } of images) {
    const types = ICNS_TYPES_BY_SIZE[size];
    if (!types) throw new Error(`no ICNS PNG type holds ${size} px images`);
    for (const type of types) {
      const head = Buffer.alloc(8);
      head.write(type, 0, 'ascii');
      head.writeUInt32BE(png.length + 8, 4);
      chunks.push(head, png);
    }
  }
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}
