/**
 * The heatmap as PNG: the same SVG (heatmap.ts) rendered by resvg with the bundled DejaVu Sans, never the
 * system's fonts, so labels and values render alike on every machine, a bare CI one included.
 */
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import { heatmapSvg, type HeatmapData } from './heatmap.js';

const require = createRequire(import.meta.url);

/** The bundled font file (package `dejavu-fonts-ttf`, Bitstream Vera licence). */
export const HEATMAP_FONT_FILE: string = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');

/** Renders `data` to a PNG at `scale` device pixels per SVG pixel (2 by default, as the console's export). */
export function heatmapPng(data: HeatmapData, scale = 2): Buffer {
  const resvg = new Resvg(heatmapSvg(data), {
    fitTo: { mode: 'zoom', value: scale },
    font: {
      loadSystemFonts: false,
      fontFiles: [HEATMAP_FONT_FILE],
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
  });
  return resvg.render().asPng();
}
