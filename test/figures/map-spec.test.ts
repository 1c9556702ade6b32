import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { heatImage } from '../../src/figures/heat-image.ts';
import { cellEdges, mapSpec } from '../../src/figures/map-spec.ts';
import { twoLines } from '../../src/figures/two-lines.ts';
import { renderFigure } from '../../src/figures/render-figure.ts';

const dir = mkdtempSync(join(tmpdir(), 'ferroloop-map-spec-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('cellEdges', () => {
  it('pads the first and last centres by half a step, in log10 on a log axis', () => {
    assert.deepEqual(cellEdges([0, 2], 5), [-0.25, 2.25]);
    const [lo, hi] = cellEdges([0.1, 10], 3, true);
    assert.ok(Math.abs(lo - 10 ** -1.5) < 1e-12 && Math.abs(hi - 10 ** 1.5) < 1e-9);
  });
});

describe('mapSpec', () => {
  it('two panels share one colour bar titled with the quantity and its units; points are named by role', async () => {
    const values = Array.from({ length: 12 }, (_, i) => i);
    const image = await heatImage(values, 4, 3, [0, 11]);
    const spec = mapSpec({
      title: 'W1: loop area over the candidates',
      x: { title: 'coupling k (code units)', edges: cellEdges([0.1, 10], 4, true), log: true },
      y: { title: 'depolarisation α_dep (code units)', edges: cellEdges([0, 2], 3) },
      colour: { title: 'loop area |∮⟨p_y⟩ dE_y| (p · Ec)', domain: [0, 11] },
      panels: [{ title: 'ground truth', image }, { title: 'model mean', image }],
      points: [{ x: 1, y: 1, role: 'explored' }, { x: 0.5, y: 0, role: 'latest' }, { x: 5, y: 2, role: 'best' }],
    });
    const panels = spec.hconcat as { layer: { encoding: Record<string, { scale?: { type?: string; domain?: unknown } }> }[] }[];
    assert.equal(panels.length, 2);
    assert.equal(panels[0].layer[0].encoding.x.scale!.type, 'log');
    assert.deepEqual(panels[0].layer[1].encoding.color.scale!.domain, [0, 11]);
    const paths = await renderFigure(spec, join(dir, 'surface'));
    const svg = readFileSync(paths.svg, 'utf8');
    for (const text of ['W1: loop area over the candidates', 'ground truth', 'model mean', 'coupling k (code units)', 'depolarisation α_dep (code units)',
      'loop area |∮⟨p_y⟩ dE_y|', '(p · Ec)', 'explored', 'latest', 'best', '<image']) {
      assert.ok(svg.includes(text), text);
    }
    assert.equal((svg.match(/role-legend"/g) ?? []).length, 2, 'one colour bar and one point legend');
    const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(svg)!.map(Number);
    const png = PNG.sync.read(readFileSync(paths.png));
    assert.deepEqual([png.width, png.height], [2 * w, 2 * h]);
    assert.deepEqual(JSON.parse(readFileSync(paths.spec, 'utf8')), spec);
  });

  it('splits a long colour-bar title into the name and its units', () => {
    assert.deepEqual(twoLines('Σ|curl p| of the final state (code units)'), ['Σ|curl p| of the final state', '(code units)']);
    assert.equal(twoLines('E (Ec)'), 'E (Ec)');
  });
});
