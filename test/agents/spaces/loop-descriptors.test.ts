import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coerciveBiases, loopArea, loopDescriptor, loopHeight, triangleWaveform } from '../../../src/agents/spaces/loop-descriptors.ts';

/** A synthetic ferroelectric loop: tanh branches switching at +vc on the way up and −vc on the way down, shifted by imprint. */
function syntheticLoop(vc: number, imprint: number, points = 400): { bias: Float64Array; response: Float64Array } {
  const bias = triangleWaveform(10, points);
  const response = new Float64Array(points);
  let state = -1;
  for (let k = 0; k < points; k++) {
    const rising = k === 0 || bias[k] >= bias[k - 1];
    const target = rising ? Math.tanh(4 * (bias[k] - imprint - vc)) : Math.tanh(4 * (bias[k] - imprint + vc));
    state = rising ? Math.max(state, target) : Math.min(state, target);
    response[k] = state;
  }
  return { bias, response };
}

describe('loop descriptors', () => {
  it('the triangle waveform goes 0 → +V → −V → back towards 0', () => {
    const w = triangleWaveform(2, 8);
    assert.deepEqual(Array.from(w), [0, 1, 2, 1, 0, -1, -2, -1]);
  });

  it('finds the coercive biases, their width and the imprint of a synthetic loop', () => {
    const { bias, response } = syntheticLoop(3, 0.5);
    const { up, down } = coerciveBiases(bias, response);
    // tanh(4·Δ) reaches the mid-level at Δ = 0 ± one bias step (10/100 V): tolerance 0.15 V.
    assert.ok(Math.abs(up - 3.5) < 0.15, `up ${up}`);
    assert.ok(Math.abs(down - -2.5) < 0.15, `down ${down}`);
    assert.ok(Math.abs(loopDescriptor('coercive-width', bias, response) - 6) < 0.3);
    assert.ok(Math.abs(loopDescriptor('imprint', bias, response) - 0.5) < 0.15);
  });

  it('area of a square loop is height × coercive width; height is max − min', () => {
    const { bias, response } = syntheticLoop(3, 0);
    // Square loop of height 2 and width 6 → area 12; the tanh rounding trims a little.
    assert.ok(Math.abs(loopArea(bias, response) - 12) < 1, `${loopArea(bias, response)}`);
    assert.ok(Math.abs(loopHeight(response) - 2) < 1e-6);
    const closed = syntheticLoop(0, 0);
    assert.ok(loopArea(closed.bias, closed.response) < 0.5);
  });
});
