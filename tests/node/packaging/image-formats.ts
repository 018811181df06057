/** Just enough PNG / ICO / ICNS reading to check the committed icons from the tests. */
import { inflateSync } from 'node:zlib';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  interlace: number;
}

export function isPng(data: Buffer): boolean {
  return data.subarray(0, 8).equals(PNG_SIGNATURE);
}

export function pngHeader(data: Buffer): PngHeader {
  if (!isPng(data)) throw new Error('not a PNG');
  if (data.toString('ascii', 12, 16) !== 'IHDR') throw new Error('PNG without IHDR first');
  return {
    width: data.readUInt32BE(16),
    height: data.readUInt32BE(20),
    bitDepth: data.readUInt8(24),
    colourType: data.readUInt8(25),
    interlace: data.readUInt8(28),
  };
}

/** RGBA pixels of an 8-bit, non-interlaced RGBA PNG (what resvg writes). */
export function pngRgba(data: Buffer): { width: number; height: number; pixels: Buffer } {
  const header = pngHeader(data);
  if (header.bitDepth !== 8 || header.colourType !== 6 || header.interlace !== 0) {
    throw new Error(`unsupported PNG layout ${JSON.stringify(header)}`);
  }
  const idat: Buffer[] = [];
  for (let offset = 8; offset < data.length; ) {
    const length = data.readUInt32BE(offset);
    const type = data.toString('ascii', offset + 4, offset + 8);
    if (type === 'IDAT') idat.push(data.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = header.width * 4;
  const pixels = Buffer.alloc(stride * header.height);
  for (let y = 0; y < header.height; y += 1) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x += 1) {
      const value = raw[y * (stride + 1) + 1 + x] as number;
      const left = x >= 4 ? (pixels[y * stride + x - 4] as number) : 0;
      const up = y > 0 ? (pixels[(y - 1) * stride + x] as number) : 0;
      const upLeft = x >= 4 && y > 0 ? (pixels[(y - 1) * stride + x - 4] as number) : 0;
      let predicted: number;
      switch (filter) {
        case 0: predicted = 0; break;
        case 1: predicted = left; break;
        case 2: predicted = up; break;
        case 3: predicted = Math.floor((left + up) / 2); break;
        case 4: {
          const p = left + up - upLeft;
          const pa = Math.abs(p - left), pb = Math.abs(p - up), pc = Math.abs(p - upLeft);
          predicted = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
          break;
        }
        default: throw new Error(`bad PNG filter ${filter}`);
      }
      pixels[y * stride + x] = (value + predicted) & 0xff;
    }
  }
  return { width: header.width, height: header.height, pixels };
}

export interface IcoImage {
  declaredSize: number;
  bitCount: number;
  png: Buffer;
}

export function readIco(data: Buffer): IcoImage[] {
  if (data.readUInt16LE(0) !== 0 || data.readUInt16LE(2) !== 1) throw new Error('not an ICO');
  const count = data.readUInt16LE(4);
  const images: IcoImage[] = [];
  for (let i = 0; i < count; i += 1) {
    const entry = 6 + i * 16;
    const width = data.readUInt8(entry);
    const size = data.readUInt32LE(entry + 8);
    const offset = data.readUInt32LE(entry + 12);
    if (offset + size > data.length) throw new Error(`ICO entry ${i} points past the end`);
    images.push({ declaredSize: width === 0 ? 256 : width, bitCount: data.readUInt16LE(entry + 6), png: data.subarray(offset, offset + size) });
  }
  return images;
}

export function readIcns(data: Buffer): Map<string, Buffer> {
  if (data.toString('ascii', 0, 4) !== 'icns') throw new Error('not an ICNS');
  if (data.readUInt32BE(4) !== data.length) throw new Error('ICNS length field does not match the file');
  const chunks = new Map<string, Buffer>();
  for (let offset = 8; offset < data.length; ) {
    const type = data.toString('ascii', offset, offset + 4);
    const length = data.readUInt32BE(offset + 4);
    if (length < 8 || offset + length > data.length) throw new Error(`bad ICNS chunk ${type}`);
    chunks.set(type, data.subarray(offset + 8, offset + length));
    offset += length;
  }
  return chunks;
}
