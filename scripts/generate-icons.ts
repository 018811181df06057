/**
 * Renders every icon the installers and the tray use from SVG, and writes the ICO/ICNS containers.
 * Run after changing a design: `npx tsx scripts/generate-icons.ts`. The outputs are committed, so
 * packaging and CI need neither this script nor any image tool.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { TRAY_ICON_STATES, type TrayIconState } from '../main/platform/tray-icons';
import { encodeIcns, encodeIco, type SizedPng } from './icon-containers';

const root = resolve(__dirname, '..');
const buildDir = join(root, 'build');
const trayDir = join(buildDir, 'icons', 'tray');
const linuxIconDir = join(buildDir, 'icons', 'app');

function render(svg: string, size: number): Buffer {
  return Buffer.from(
    new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render().asPng(),
  );
}

function renderSizes(svg: string, sizes: readonly number[]): SizedPng[] {
  return sizes.map((size) => ({ size, png: render(svg, size) }));
}

// ---- Application icon (build/icon.svg) ----

const APP_ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
const APP_ICNS_SIZES = [32, 64, 128, 256, 512, 1024];
/** electron-builder wants size-named PNGs for the Linux icon set (hicolor theme). */
const LINUX_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];

function generateAppIcons(): string[] {
  const svg = readFileSync(join(buildDir, 'icon.svg'), 'utf8');
  const written: string[] = [];
  const write = (path: string, data: Buffer) => {
    writeFileSync(path, data);
    written.push(path);
  };

  write(join(buildDir, 'icon.png'), render(svg, 1024));
  write(join(buildDir, 'icon.ico'), encodeIco(renderSizes(svg, APP_ICO_SIZES)));
  write(join(buildDir, 'icon.icns'), encodeIcns(renderSizes(svg, APP_ICNS_SIZES)));

  rmSync(linuxIconDir, { recursive: true, force: true });
  mkdirSync(linuxIconDir, { recursive: true });
  for (const size of LINUX_ICON_SIZES) write(join(linuxIconDir, `${size}x${size}.png`), render(svg, size));
  return written;
}

// ---- Tray icons: one 16-unit grid, so the 16 px image is pixel-aligned and the @2x is exact ----

/**
 * Speech bubble with its tail at the bottom left, matching the application icon. Straight edges sit on
 * whole pixels (the outline variant on half pixels, for a 1 px stroke) so the 16 px image stays sharp.
 */
const BUBBLE =
  'M3.5 2H12.5A2.5 2.5 0 0 1 15 4.5V9.5A2.5 2.5 0 0 1 12.5 12H7.5L4.5 15V12H3.5A2.5 2.5 0 0 1 1 9.5V4.5A2.5 2.5 0 0 1 3.5 2Z';
const BUBBLE_OUTLINE =
  'M3.5 2.5H12.5A2 2 0 0 1 14.5 4.5V9.5A2 2 0 0 1 12.5 11.5H7.5L5 14V11.5H3.5A2 2 0 0 1 1.5 9.5V4.5A2 2 0 0 1 3.5 2.5Z';
const STOP_GLYPH = '<rect x="6" y="5" width="4" height="4" rx="0.5"/>';
/** Headphones: a band and two ear cups. */
const HEADPHONES = '<path d="M2.5 10V8a5.5 5.5 0 0 1 11 0v2" fill="none" stroke="COLOUR" stroke-width="1.6"/><rect x="1" y="9" width="4" height="6" rx="1.2"/><rect x="11" y="9" width="4" height="6" rx="1.2"/>';
/** A loudspeaker with two waves: the customer hears you. */
const LOUDSPEAKER =
  '<path d="M1 5.5H4L8.5 2V14L4 10.5H1Z"/><path d="M10.5 5.5a3.5 3.5 0 0 1 0 5M12.5 3.5a6.5 6.5 0 0 1 0 9" fill="none" stroke="COLOUR" stroke-width="1.5" stroke-linecap="round"/>';
const TRIANGLE = 'M8 1.2L15.2 14.5H0.8Z';
const ALERT_GLYPH = '<rect x="7.1" y="5.5" width="1.8" height="4.5" rx="0.5"/><rect x="7.1" y="11" width="1.8" height="1.8" rx="0.9"/>';

type Shape = 'outline' | 'bubble' | 'headphones' | 'loudspeaker' | 'triangle';

interface TrayDesign {
  readonly shape: Shape;
  /** Colour of the shape in the colour images (Windows, Linux): readable on light and dark bars. */
  readonly colour: string;
  /** A glyph cut out of (Template) or painted on (colour) the shape. */
  readonly glyph: string | null;
  readonly glyphColour: string;
}

/** Mid grey stays readable on both light and dark taskbars. */
const OUTLINE_COLOUR = '#7d8590';

const DESIGNS: Record<TrayIconState, TrayDesign> = {
  'signed-out': { shape: 'outline', colour: OUTLINE_COLOUR, glyph: null, glyphColour: '' },
  idle: { shape: 'bubble', colour: '#2f81f7', glyph: null, glyphColour: '' },
  listening: { shape: 'headphones', colour: '#2f81f7', glyph: null, glyphColour: '' },
  whispering: { shape: 'bubble', colour: '#e5484d', glyph: STOP_GLYPH, glyphColour: '#ffffff' },
  barging: { shape: 'loudspeaker', colour: '#d9480f', glyph: null, glyphColour: '' },
  error: { shape: 'triangle', colour: '#b07800', glyph: ALERT_GLYPH, glyphColour: '#1f2328' },
};

function shapeSvg(shape: Shape, colour: string, mask: boolean): string {
  const masked = mask ? ' mask="url(#cut)"' : '';
  switch (shape) {
    case 'outline':
      return `<path d="${BUBBLE_OUTLINE}" fill="none" stroke="${colour}" stroke-width="1" stroke-linejoin="round"/>`;
    case 'bubble':
      return `<path d="${BUBBLE}" fill="${colour}"${masked}/>`;
    case 'triangle':
      return `<path d="${TRIANGLE}" fill="${colour}" stroke="${colour}" stroke-width="0.8" stroke-linejoin="round"${masked}/>`;
    case 'headphones':
      return `<g fill="${colour}">${HEADPHONES.replaceAll('COLOUR', colour)}</g>`;
    case 'loudspeaker':
      return `<g fill="${colour}">${LOUDSPEAKER.replaceAll('COLOUR', colour)}</g>`;
  }
}

const OPEN = '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16">';

function traySvg(design: TrayDesign): string {
  const glyph = design.glyph ? `<g fill="${design.glyphColour}">${design.glyph}</g>` : '';
  return `${OPEN}${shapeSvg(design.shape, design.colour, false)}${glyph}</svg>`;
}

/**
 * macOS menu-bar Template: black and alpha only. The glyph is cut out of the shape (a mask) rather
 * than painted white, because the system recolours every opaque pixel.
 */
function trayTemplateSvg(design: TrayDesign): string {
  const mask = design.glyph
    ? `<defs><mask id="cut" maskUnits="userSpaceOnUse" x="0" y="0" width="16" height="16"><rect width="16" height="16" fill="#ffffff"/><g fill="#000000">${design.glyph}</g></mask></defs>`
    : '';
  return `${OPEN}${mask}${shapeSvg(design.shape, '#000000', design.glyph !== null)}</svg>`;
}

/** Windows picks the closest of these per DPI scale (100 %, 125 %, 150 %, 200 %, 250 %, 300 %). */
const TRAY_ICO_SIZES = [16, 20, 24, 32, 40, 48];

function generateTrayIcons(): string[] {
  rmSync(trayDir, { recursive: true, force: true });
  mkdirSync(trayDir, { recursive: true });
  const written: string[] = [];
  const write = (name: string, data: Buffer) => {
    writeFileSync(join(trayDir, name), data);
    written.push(join(trayDir, name));
  };

  for (const state of TRAY_ICON_STATES) {
    const design = DESIGNS[state];
    const colour = traySvg(design);
    const template = trayTemplateSvg(design);
    write(`tray-${state}.png`, render(colour, 16));
    write(`tray-${state}@2x.png`, render(colour, 32));
    write(`tray-${state}.ico`, encodeIco(renderSizes(colour, TRAY_ICO_SIZES)));
    write(`tray-${state}Template.png`, render(template, 16));
    write(`tray-${state}Template@2x.png`, render(template, 32));
  }
  // The brand mark as a generic menu-bar image, for places that show the app rather than a state.
  const brand = trayTemplateSvg(DESIGNS.whispering);
  write('trayTemplate.png', render(brand, 16));
  write('trayTemplate@2x.png', render(brand, 32));
  return written;
}

const written = [...generateAppIcons(), ...generateTrayIcons()];
for (const path of written) console.log(path.slice(root.length + 1));
