import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelay } from '../../web/backoff.ts';
import { MISSING, angleColor, hsvToRgb, viridis } from '../../web/colormap.ts';
import { formatNumber } from '../../web/format.ts';
import { arrowField, niceTicks, axisToCell, cellOf, cellToAxis, finiteRange, heatmapPixels, INFEASIBLE_GREY, polarizationPixels } from '../../web/grid-math.ts';
import { bestPoint, objectiveSeries } from '../../web/series.ts';

describe('colour maps', () => {
  it('viridis runs from dark purple to yellow, clamps, and greys out NaN', () => {
    assert.deepEqual(viridis(0), [68, 1, 84]);
    assert.deepEqual(viridis(1), [253, 231, 37]);
    assert.deepEqual(viridis(-3), viridis(0));
    assert.deepEqual(viridis(Number.NaN), MISSING);
    // halfway between stops 4 and 5 of 9 (t = 4.5/8): the channel means of [33,144,141] and [39,173,129]
    assert.deepEqual(viridis(4.5 / 8), [36, 159, 135]);
  });

  it('the angle colour wheel: +x red, +y (90°) yellow-green, −x cyan; brightness follows |P|', () => {
    assert.deepEqual(angleColor(1, 0, 1), [255, 0, 0]);
    assert.deepEqual(angleColor(0, 1, 1), hsvToRgb(0.25, 1, 1));
    assert.deepEqual(angleColor(-1, 0, 1), [0, 255, 255]);
    const dim = angleColor(0.5, 0, 1);
    assert.ok(dim[0] < 255 && dim[0] > 0);
    assert.deepEqual(angleColor(0, 0, 1), [0, 0, 0]);
    assert.deepEqual(angleColor(Number.NaN, 0, 1), MISSING);
  });
});

describe('grid maths', () => {
  it('finds the finite range and the cell of a candidate', () => {
    assert.deepEqual(finiteRange([3, Number.NaN, -1, Infinity, 2]), [-1, 3]);
    assert.ok(Number.isNaN(finiteRange([Number.NaN])[0]));
    assert.deepEqual(cellOf(7, 3), { row: 2, col: 1 });
  });

  it('maps axis values to cell centres and back', () => {
    assert.equal(axisToCell(-1, -1, 1, 5), 0);
    assert.equal(axisToCell(1, -1, 1, 5), 4);
    assert.equal(axisToCell(0.5, -1, 1, 5), 3);
    assert.equal(cellToAxis(3, -1, 1, 5), 0.5);
    assert.equal(axisToCell(7, 7, 7, 1), 0);
  });

  it('axis ticks are round values inside the range (1, 2 or 5 × 10^k steps), printed short', () => {
    assert.deepEqual(niceTicks(-1, 1), [-1, -0.5, 0, 0.5, 1]);
    assert.deepEqual(niceTicks(0, 2), [0, 0.5, 1, 1.5, 2]);
    assert.deepEqual(niceTicks(-9.5, 0.5), [-8, -6, -4, -2, 0]);
    assert.deepEqual(niceTicks(0.875 - 0.125, 4.375 + 0.125, 3), [1, 2, 3, 4], 'a 5 µm map in cells: round µm, not cell centres');
    assert.deepEqual(niceTicks(-0.09968, -0.009485, 3), [-0.08, -0.06, -0.04, -0.02], 'short decimals (no 0.30000000000000004)');
    assert.deepEqual(niceTicks(0, 0.3, 3), [0, 0.1, 0.2, 0.3]);
    assert.deepEqual(niceTicks(2, 2), [2]);
  });

  it('heatmap pixels put grid row 0 (lowest y) on the bottom screen row', () => {
    const px = heatmapPixels([0, 0, 1, 1], 2, 2, 0, 1);
    assert.deepEqual([...px.slice(0, 4)], [253, 231, 37, 255], 'top-left pixel is row 1 (value 1, yellow)');
    assert.deepEqual([...px.slice(8, 12)], [68, 1, 84, 255], 'bottom-left pixel is row 0 (value 0)');
    const flat = heatmapPixels([5, 5], 2, 1, 5, 5);
    assert.deepEqual([...flat.slice(0, 3)], [...viridis(0.5)], 'a constant map is drawn mid-scale');
  });

  it('heatmap pixels grey out the candidates excluded by the instrument\'s limits', () => {
    const px = heatmapPixels([0, 0, 1, 1], 2, 2, 0, 1, [1, 2]);
    assert.deepEqual([...px.slice(0, 4)], [...INFEASIBLE_GREY, 255], 'candidate 2 (row 1, col 0) is the top-left pixel');
    assert.deepEqual([...px.slice(12, 16)], [...INFEASIBLE_GREY, 255], 'candidate 1 (row 0, col 1) is the bottom-right pixel');
    assert.deepEqual([...px.slice(8, 12)], [68, 1, 84, 255], 'candidate 0 keeps its colour');
  });

  it('polarization pixels colour each site by its direction', () => {
    const px = polarizationPixels([1, -1], [0, 0], 2, 1);
    assert.deepEqual([...px.slice(0, 4)], [255, 0, 0, 255]);
    assert.deepEqual([...px.slice(4, 8)], [0, 255, 255, 255]);
  });

  it('arrow field averages blocks and scales by the longest arrow', () => {
    // 4 x 2 map, blocks of 2 x 2: left block points +x (|P| = 2), right block +y (|P| = 1)
    const arrows = arrowField([2, 2, 0, 0, 2, 2, 0, 0], [0, 0, 1, 1, 0, 0, 1, 1], 4, 2, 2);
    assert.deepEqual(arrows, [{ col: 0.5, row: 0.5, ux: 1, uy: 0 }, { col: 2.5, row: 0.5, ux: 0, uy: 0.5 }]);
  });
});

describe('series, backoff and number text', () => {
  const pts = [{ step: 0, candidate: 1, y: 2, instrument: 'a' }, { step: 1, candidate: 2, y: Number.NaN, instrument: 'a' }, { step: 2, candidate: 3, y: 5, instrument: 'a' }, { step: 3, candidate: 4, y: 1, instrument: 'a' }];

  it('best-so-far follows the direction and skips NaN', () => {
    assert.deepEqual(objectiveSeries(pts, 'maximize').best, [2, 2, 5, 5]);
    assert.deepEqual(objectiveSeries(pts, 'minimize').best, [2, 2, 2, 1]);
    assert.equal(bestPoint(pts, 'maximize')?.candidate, 3);
    assert.equal(bestPoint([], 'maximize'), null);
  });

  it('backoff doubles from the base up to the cap; jitter shortens by at most half', () => {
    assert.deepEqual([0, 1, 2, 3].map((a) => backoffDelay(a)), [250, 500, 1000, 2000]);
    assert.equal(backoffDelay(10), 10_000);
    assert.equal(backoffDelay(1000), 10_000);
    assert.equal(backoffDelay(2, undefined, 1), 500);
  });

  it('formats numbers compactly', () => {
    assert.equal(formatNumber(46.662452), '46.66');
    assert.equal(formatNumber(0.00012), '1.20e-4');
    assert.equal(formatNumber(Number.NaN), '–');
    assert.equal(formatNumber(null), '–');
  });
});
