import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { objectiveSpec } from '../../src/figures/objective-spec.ts';
import { figureSvg, svgToPng } from '../../src/figures/render-figure.ts';

const y = [1, 3, 2, 2.5, 4, 3.5, 1.5];
const spec = objectiveSpec({ title: 'W1: loop area vs evaluation', objective: 'loop area |∮⟨p⟩dE| (p · Ec)', y, direction: 'maximize', initialPoints: 3, optimum: 5 });
type Layer = { mark: { type: string; interpolate?: string }; encoding: Record<string, { field?: string; datum?: string }>; data?: { values: Record<string, unknown>[] } };
const layers = (spec.layer as Layer[]);

describe('objectiveSpec', () => {
  it('has points, a best-so-far step line, the random start shaded and the optimum as a rule', () => {
    const marks = layers.map((l) => l.mark.type);
    assert.deepEqual(marks.slice(0, 5), ['rect', 'text', 'line', 'point', 'rule']);
    assert.equal(layers[2].mark.interpolate, 'step-after');
    assert.deepEqual((spec.data as { values: { best: number }[] }).values.map((r) => r.best), [1, 3, 3, 3, 4, 4, 4]);
    assert.deepEqual(layers[0].data!.values, [{ x0: 0.5, x1: 3.5 }]);
    assert.deepEqual(layers[4].data!.values, [{ y: 5, series: 'true optimum' }]);
  });

  it('marks where 99 % of the optimum was first reached, and how many evaluations after the random start', async () => {
    const at = objectiveSpec({ title: 't', objective: 'o', y: [1, 2, 3, 5], direction: 'maximize', initialPoints: 2, optimum: 5, reached99: { evaluation: 4, afterRandom: 2 } });
    const texts = (at.layer as Layer[]).filter((l) => l.mark.type === 'text').map((l) => l.data!.values[0].label);
    assert.ok(texts.includes('99 % at 4 (2 after the random start)'), String(texts));
    const inside = objectiveSpec({ title: 't', objective: 'o', y: [5, 2], direction: 'maximize', initialPoints: 2, optimum: 5, reached99: { evaluation: 1, afterRandom: null } });
    assert.ok(JSON.stringify(inside).includes('99 % at 1 (inside the random start)'));
    assert.ok((await figureSvg(at)).includes('99 % at 4 (2 after the random start)'));
  });

  it('marks the best and the latest evaluation with their own roles', () => {
    const markers = layers.filter((l) => l.encoding.shape);
    assert.deepEqual(markers.map((l) => l.data!.values), [[{ x: 7, y: 1.5, role: 'latest' }], [{ x: 5, y: 4, role: 'best' }]]);
  });

  it('minimising: best so far is the running minimum, no rule without an optimum', () => {
    const s = objectiveSpec({ title: 't', objective: 'o', y: [3, 1, 2], direction: 'minimize', initialPoints: 0 });
    assert.deepEqual((s.data as { values: { best: number }[] }).values.map((r) => r.best), [3, 1, 1]);
    assert.ok(!(s.layer as Layer[]).some((l) => l.mark.type === 'rule' || l.mark.type === 'rect'));
    assert.throws(() => objectiveSpec({ title: 't', objective: 'o', y: [], direction: 'minimize', initialPoints: 0 }), /no evaluations/);
  });

  it('renders an SVG with the title, axis titles and legend names, and a PNG at twice its size', async () => {
    const svg = await figureSvg(spec);
    for (const text of ['W1: loop area vs evaluation', 'loop area |∮⟨p⟩dE|', '(p · Ec)', 'evaluation (measurement number)', 'best so far', 'true optimum', 'random start (3)', 'latest', 'best']) {
      assert.ok(svg.includes(text), text);
    }
    const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(svg)!.map(Number);
    const png = PNG.sync.read(await svgToPng(svg));
    assert.deepEqual([png.width, png.height], [2 * w, 2 * h]);
  });
});
