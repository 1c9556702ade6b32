import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { heatImage, schemeColours } from '../../src/figures/heat-image.ts';

function decode(uri: string): PNG {
  assert.match(uri, /^data:image\/png;base64,/);
  return PNG.sync.read(Buffer.from(uri.slice(uri.indexOf(',') + 1), 'base64'));
}

describe('heatImage', () => {
  it('colours cells over the domain with the Vega scheme, row 0 at the bottom, NaN grey', async () => {
    // 2 × 2: bottom row (j = 0) holds lo and hi, the top row NaN and the middle.
    const png = decode(await heatImage([0, 10, NaN, 5], 2, 2, [0, 10]));
    const s = png.width / 2;
    assert.equal(png.height, png.width);
    const at = (x: number, y: number) => Array.from(png.data.subarray(4 * (y * png.width + x), 4 * (y * png.width + x) + 3));
    const viridis = await schemeColours('viridis');
    assert.deepEqual(at(0, png.height - 1), [...viridis(0)]); // bottom-left: lo
    assert.deepEqual(at(png.width - 1, png.height - 1), [...viridis(1)]); // bottom-right: hi
    assert.deepEqual(at(0, 0), [200, 200, 200]); // top-left: NaN
    assert.deepEqual(at(s, 0), [...viridis(0.5)]);
    assert.deepEqual(viridis(0), [68, 1, 84]);
  });

  it('refuses a value count that does not match the grid, and unknown schemes', async () => {
    await assert.rejects(heatImage([1, 2, 3], 2, 2, [0, 1]), /expected 2 × 2 = 4 values, got 3/);
    await assert.rejects(schemeColours('no-such-scheme'), /not a continuous Vega colour scheme/);
  });
});
