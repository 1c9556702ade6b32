import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { curveGrid, densityPlot, heatmapPlot, linePlot, niceRange, row, tickLabel } from '../../src/figures/plots.ts';
import { Raster } from '../../src/figures/raster.ts';

describe('figures', () => {
  it('draws text, lines and discs where asked', () => {
    const r = new Raster(40, 20);
    r.line(0, 10, 39, 10, [255, 0, 0]);
    r.disc(5, 5, 2, [0, 0, 255]);
    r.text(20, 0, '1', [0, 0, 0]);
    const at = (x: number, y: number) => Array.from(r.data.subarray(4 * (y * 40 + x), 4 * (y * 40 + x) + 3));
    assert.deepEqual(at(20, 10), [255, 0, 0]);
    assert.deepEqual(at(5, 5), [0, 0, 255]);
    assert.deepEqual(at(22, 0), [0, 0, 0]); // top bar of the glyph '1' (0b00100)
    assert.deepEqual(at(30, 5), [255, 255, 255]);
  });

  it('encodes panels side by side as a PNG of the summed width', () => {
    const values = Float64Array.from({ length: 100 }, (_, i) => i);
    const a = heatmapPlot(200, 150, 'truth', values, 10, 10, [0, 1], [0, 1], 'x', 'y', [{ x: 0.5, y: 0.5, color: [255, 0, 0] }]);
    const b = linePlot(180, 150, 'objective', [0, 1, 2], [{ label: 'y', y: [1, 3, 2], color: [0, 0, 255] }], 'step', 'y');
    const png = PNG.sync.read(row([a, b]).toPng());
    assert.equal(png.width, 380);
    assert.equal(png.height, 150);
  });

  it('chooses padded ranges and short tick labels', () => {
    assert.deepEqual(niceRange([1, 1]), [0.5, 1.5]);
    assert.deepEqual(niceRange([NaN, 0, 10], 0), [0, 10]);
    assert.equal(tickLabel(0.123456), '0.123');
    assert.equal(tickLabel(123456), '1.2e5');
  });

  it('draws a density of points and a grid of small curves', () => {
    const xy = Float64Array.from({ length: 200 }, (_, i) => (i % 2 ? 0.25 : 0.75));
    const d = densityPlot(200, 160, 'density', xy, [0, 1], [0, 1], 'x', 'y', 4);
    assert.equal(d.width, 200);
    const curves = Float64Array.from({ length: 2 * 3 * 50 }, (_, i) => Math.sin(i / 5));
    const g = curveGrid(300, 200, 'curves', curves, 2, 3, 50);
    // Some pixels of the curve colour were drawn.
    let blue = 0;
    for (let p = 0; p < g.data.length; p += 4) if (g.data[p] === 31 && g.data[p + 1] === 119 && g.data[p + 2] === 180) blue += 1;
    assert.ok(blue > 100, `${blue}`);
  });
});
