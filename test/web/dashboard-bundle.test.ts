import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildDashboard } from '../../src/server/dashboard-bundle.ts';

describe('buildDashboard', () => {
  it('bundles the page, script and stylesheet in memory, once per process', async () => {
    const first = await buildDashboard();
    assert.match(first.html, /<script src="\/app\.js"><\/script>/);
    assert.match(first.html, /<link rel="stylesheet" href="\/app\.css">/);
    for (const id of ['map-mean', 'map-std', 'map-truth', 'polarization', 'plot-objective', 'plot-field', 'agent-state', 'step', 'token', 'btn-pause', 'btn-resume', 'btn-stop', 'btn-swap', 'log']) {
      assert.ok(first.html.includes(`id="${id}"`), `page has #${id}`);
    }
    assert.ok(first.js.length > 10_000, 'the script includes uPlot and the dashboard');
    assert.match(first.css, /\.uplot/, 'uPlot\'s stylesheet is bundled');
    assert.match(first.css, /\.dashboard/, 'the dashboard stylesheet is bundled');
    assert.equal(await buildDashboard(), first, 'the second call returns the cached bundle');
  });

  it('fetches nothing from outside: no module imports or remote URLs remain in the bundle', async () => {
    const { js, css, html } = await buildDashboard();
    assert.doesNotMatch(js, /\bimport\s*\(|\bimport\s+[{*\w]|\brequire\(/);
    for (const text of [css, html]) assert.doesNotMatch(text, /https?:\/\//);
  });
});
