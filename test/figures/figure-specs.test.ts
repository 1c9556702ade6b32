import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { curveGridSpec } from '../../src/figures/curve-grid-spec.ts';
import { densitySpec } from '../../src/figures/density-spec.ts';
import { heatImage } from '../../src/figures/heat-image.ts';
import { CLOSING_NOTE, loopsSpec } from '../../src/figures/loops-spec.ts';
import { mapSpec } from '../../src/figures/map-spec.ts';
import { objectiveSpec } from '../../src/figures/objective-spec.ts';
import { figureSvg } from '../../src/figures/render-figure.ts';
import { vegaLiteErrors } from '../helpers/vega-lite-validator.ts';

type Rows = { values: Record<string, number | string>[] };
const curves = Float64Array.from({ length: 2 * 3 * 10 }, (_, i) => Math.sin(i));
const grid = curveGridSpec({
  title: 'Decoded field trajectories', curves, samples: 10, colValues: [-1, 0, 1], rowValues: [-2, 2],
  colTitle: 'z₁ (latent units)', rowTitle: 'z₂ (latent units)', xTitle: 'step', yTitle: 'E (Ec)', keep: 5,
});
const density = densitySpec({ title: 'Latent space', xy: [0.1, 0.1, 0.15, 0.12, 0.9, 0.9, 5, 5], x: [0, 1], y: [0, 1], bins: 2, xTitle: 'z₁ (latent units)', yTitle: 'z₂ (latent units)', countTitle: 'trajectories per bin' });
const loops = loopsSpec({
  title: 'Switching loops', biasTitle: 'tip bias (V)', responseTitle: 'piezoresponse (a.u.)',
  loops: [{ label: 'best: evaluation 3', bias: [0, 1, 0, -1], on: [0, 1, 0.5, -1], off: [0, 0.8, 0.6, -0.8], colour: 'red' }, { label: 'worst: evaluation 1', bias: [0, 1, 0, -1], on: [0, 0.1, 0, -0.1], off: [0, 0, 0, 0], colour: 'teal' }],
});

describe('figure specs', () => {
  it('every builder writes a spec the Vega-Lite JSON schema accepts', async () => {
    const map = mapSpec({
      title: 'map', x: { title: 'x (µm)', edges: [0, 1] }, y: { title: 'y (µm)', edges: [0, 1] }, colour: { title: 'c (V)', domain: [0, 1] },
      panels: [{ title: 'a', image: await heatImage([0, 1], 2, 1, [0, 1]) }], points: [{ x: 0.5, y: 0.5, role: 'best' }, { x: 0.2, y: 0.2, role: 'worst (loop shown)' }],
    });
    const objective = objectiveSpec({ title: 'o', objective: 'Σ|curl p| (code units)', y: [1, 2, 3], direction: 'maximize', initialPoints: 1, optimum: 4 });
    for (const [name, spec] of Object.entries({ grid, density, loops, map, objective })) assert.deepEqual(vegaLiteErrors(spec), [], name);
  });

  it('curve grid: one facet cell per grid point, highest row at the top, curves thinned evenly', async () => {
    const values = (grid.data as Rows).values;
    assert.equal(values.length, 2 * 3 * 5);
    assert.deepEqual(values.slice(0, 5).map((r) => r.t), [0, 2, 5, 7, 9]);
    assert.equal(values[5 * 4].row, 2); // row 1 (z₂ = 2), column 1 (z₁ = 0)
    assert.equal(values[5 * 4].col, 0);
    assert.equal(values[5 * 4 + 1].v, curves[4 * 10 + 2]);
    assert.equal((grid.facet as { row: { sort: string } }).row.sort, 'descending');
    const svg = await figureSvg(grid);
    for (const text of ['Decoded field trajectories', 'z₁ (latent units)', 'z₂ (latent units)', 'E (Ec)', '−1.00', '2.00']) assert.ok(svg.includes(text), text);
    assert.throws(() => curveGridSpec({ ...{ title: '', colTitle: '', rowTitle: '', xTitle: '', yTitle: '' }, curves: [1, 2], samples: 3, colValues: [0], rowValues: [0] }), /expected 1 × 1 × 3 values/);
  });

  it('density: counts per non-empty bin, points outside the box dropped, log colour bar titled', async () => {
    const values = (density.data as Rows).values;
    assert.deepEqual(values.map((r) => [r.x0, r.y0, r.count]), [[0, 0, 2], [0.5, 0.5, 1]]);
    const svg = await figureSvg(density);
    assert.ok(svg.includes('trajectories per bin') && svg.includes('z₂ (latent units)'));
  });

  it('loops: off-field and on-field columns, a named line per location in measurement order, closed by a dashed segment', async () => {
    const values = (loops.data as Rows).values;
    assert.equal(values.length, 2 * 2 * (4 + 2)); // 2 loops × 2 branches × (4 samples + the 2 ends of the closing segment)
    const best = values.filter((r) => r.loop === 'best: evaluation 3' && r.branch === 'on-field');
    assert.deepEqual(best.filter((r) => r.segment === 'measured').map((r) => r.response), [0, 1, 0.5, -1]);
    assert.deepEqual(best.filter((r) => r.segment === 'closing').map((r) => [r.bias, r.response]), [[-1, -1], [0, 0]], 'last sample back to the first');
    const svg = await figureSvg(loops);
    assert.ok(svg.includes('stroke-dasharray'), 'the closing segment is dashed');
    for (const text of [CLOSING_NOTE, 'Switching loops', 'tip bias (V)', 'piezoresponse (a.u.)', 'off-field (remanent)', 'on-field', 'best: evaluation 3', 'worst: evaluation 1']) assert.ok(svg.includes(text), text);
  });
});
