import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRAY_ICON_STATES } from '@main/platform/tray-icons';
import { isPng, pngHeader, pngRgba, readIcns, readIco } from './image-formats';

/** The committed icons are what the installers and the tray show: check them as the OS would read them. */
const root = resolve(__dirname, '../../..');
const build = join(root, 'build');
const tray = join(build, 'icons', 'tray');
const read = (path: string) => readFileSync(path);

function size(png: Buffer): [number, number] {
  const header = pngHeader(png);
  return [header.width, header.height];
}

describe('application icon', () => {
  it('has an SVG source with a viewBox', () => {
    const svg = readFileSync(join(build, 'icon.svg'), 'utf8');
    expect(svg).toMatch(/^<svg[^>]+viewBox="0 0 1024 1024"/);
  });

  it('is a 1024 px PNG for electron-builder and Linux', () => {
    expect(size(read(join(build, 'icon.png')))).toEqual([1024, 1024]);
  });

  it('is a multi-size Windows ICO whose every entry is a PNG of the size its directory entry states', () => {
    const images = readIco(read(join(build, 'icon.ico')));
    expect(images.map((i) => i.declaredSize)).toEqual([16, 24, 32, 48, 64, 128, 256]);
    for (const image of images) {
      expect(isPng(image.png)).toBe(true);
      expect(image.bitCount).toBe(32);
      expect(size(image.png)).toEqual([image.declaredSize, image.declaredSize]);
    }
  });

  it('is an ICNS with the Retina and standard PNG types macOS looks for', () => {
    const chunks = readIcns(read(join(build, 'icon.icns')));
    const expected: Record<string, number> = { ic11: 32, ic12: 64, ic07: 128, ic08: 256, ic13: 256, ic09: 512, ic14: 512, ic10: 1024 };
    expect([...chunks.keys()].sort()).toEqual(Object.keys(expected).sort());
    for (const [type, pixels] of Object.entries(expected)) {
      expect(size(chunks.get(type) as Buffer), type).toEqual([pixels, pixels]);
    }
  });
});

describe('tray icons', () => {
  it('has a 16 px and a 32 px (@2x) colour PNG for each state', () => {
    for (const state of TRAY_ICON_STATES) {
      expect(size(read(join(tray, `tray-${state}.png`))), state).toEqual([16, 16]);
      expect(size(read(join(tray, `tray-${state}@2x.png`))), state).toEqual([32, 32]);
    }
  });

  it('tells the states apart: no two states share an image', () => {
    const images = TRAY_ICON_STATES.map((state) => pngRgba(read(join(tray, `tray-${state}.png`))).pixels.toString('hex'));
    expect(new Set(images).size).toBe(TRAY_ICON_STATES.length);
  });

  it('tells the states apart by shape, not only colour: no two Template (alpha-only) images match at 16 or 32 px', () => {
    for (const suffix of ['Template.png', 'Template@2x.png']) {
      const masks = TRAY_ICON_STATES.map((state) => {
        const { pixels } = pngRgba(read(join(tray, `tray-${state}${suffix}`)));
        // Opaque or not, per pixel: the shape a colour-blind eye or a monochrome menu bar sees.
        return Array.from({ length: pixels.length / 4 }, (_, i) => ((pixels[i * 4 + 3] as number) > 127 ? 1 : 0)).join('');
      });
      for (let a = 0; a < masks.length; a += 1) {
        for (let b = a + 1; b < masks.length; b += 1) {
          const differing = [...masks[a]!].filter((bit, i) => bit !== masks[b]![i]).length;
          // At least 5 % of the pixels (the whispering stop square is 6 %) differ in shape between any two states.
          expect(differing / masks[a]!.length, `${TRAY_ICON_STATES[a]} vs ${TRAY_ICON_STATES[b]} (${suffix})`).toBeGreaterThan(0.05);
        }
      }
    }
  });

  it('reads on light and dark taskbars: most of each colour icon contrasts 3:1 with both', () => {
    const luminance = (r: number, g: number, b: number) => {
      const lin = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    for (const background of [luminance(0xf3, 0xf3, 0xf3), luminance(0x20, 0x20, 0x20)]) {
      for (const state of TRAY_ICON_STATES) {
        const { pixels } = pngRgba(read(join(tray, `tray-${state}@2x.png`)));
        let solid = 0;
        let readable = 0;
        for (let i = 0; i < pixels.length; i += 4) {
          if ((pixels[i + 3] as number) < 250) continue;
          solid += 1;
          if (contrast(luminance(pixels[i] as number, pixels[i + 1] as number, pixels[i + 2] as number), background) >= 3) readable += 1;
        }
        expect(readable / solid, `${state} on ${background > 0.5 ? 'light' : 'dark'}`).toBeGreaterThan(0.6);
      }
    }
  });

  it('has a Windows ICO per state with the sizes each DPI scale needs', () => {
    for (const state of TRAY_ICON_STATES) {
      const images = readIco(read(join(tray, `tray-${state}.ico`)));
      expect(images.map((i) => i.declaredSize), state).toEqual([16, 20, 24, 32, 40, 48]);
      for (const image of images) expect(size(image.png)).toEqual([image.declaredSize, image.declaredSize]);
    }
  });

  it('has macOS Template images (and @2x) that are black and alpha only, so the menu bar can recolour them', () => {
    const templates = readdirSync(tray).filter((name) => /Template(@2x)?\.png$/.test(name));
    const expected = [...TRAY_ICON_STATES.map((s) => `tray-${s}Template`), 'trayTemplate'].flatMap((n) => [`${n}.png`, `${n}@2x.png`]);
    expect(templates.sort()).toEqual(expected.sort());
    for (const name of templates) {
      const { width, pixels } = pngRgba(read(join(tray, name)));
      expect(width, name).toBe(name.includes('@2x') ? 32 : 16);
      let opaque = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        const alpha = pixels[i + 3] as number;
        if (alpha === 0) continue;
        opaque += 1;
        expect([pixels[i], pixels[i + 1], pixels[i + 2]], `${name} pixel ${i / 4}`).toEqual([0, 0, 0]);
      }
      expect(opaque, `${name} is empty`).toBeGreaterThan(20);
    }
  });

  it('keeps the stop glyph visible in the whispering template (cut out, not painted over)', () => {
    // The centre of the bubble is where the stop square is cut out: transparent there, opaque around it.
    const { width, pixels } = pngRgba(read(join(tray, 'tray-whisperingTemplate.png')));
    const alphaAt = (x: number, y: number) => pixels[(y * width + x) * 4 + 3];
    expect(alphaAt(8, 7)).toBe(0);
    expect(alphaAt(3, 7)).toBe(255);
  });
});
