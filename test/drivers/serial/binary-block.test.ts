import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FerroloopError } from '../../../src/errors.ts';
import { commandWithBlock, decodeBlock, encodeBlock, float32Bytes, float32Values } from '../../../src/drivers/serial/binary-block.ts';

describe('binary blocks', () => {
  it('encodes the IEEE 488.2 header: #43600 for 900 float32 values', () => {
    const block = encodeBlock(float32Bytes(new Float64Array(900), 'SWAP'));
    assert.equal(Buffer.from(block.subarray(0, 6)).toString(), '#43600');
    assert.equal(block.length, 3606);
  });

  it('round-trips float32 values in both byte orders, and the orders differ', () => {
    const v = Float64Array.from([0, 1, -1, 0.5, 1e-3, -0.25]);
    const big = float32Bytes(v, 'NORM');
    const little = float32Bytes(v, 'SWAP');
    assert.notDeepEqual(big, little);
    assert.deepEqual(float32Values(big, 'NORM', 't'), Float64Array.from(v, Math.fround));
    assert.deepEqual(float32Values(little, 'SWAP', 't'), Float64Array.from(v, Math.fround));
    assert.deepEqual(Array.from(big.subarray(4, 8)), [0x3f, 0x80, 0, 0]);
  });

  it('builds a command line ending in LF after the block', () => {
    const c = commandWithBlock('SPEC:WAVE ', Uint8Array.of(1, 2, 3, 4));
    assert.equal(Buffer.from(c).toString('latin1'), 'SPEC:WAVE #14\x01\x02\x03\x04\n');
  });

  it('refuses a message that is not exactly one block with TRANSPORT_PROTOCOL', () => {
    const bad = ['1.5', '#3010abc', '#x12', 'zz#15abcde'];
    for (const b of bad) {
      assert.throws(() => decodeBlock(new TextEncoder().encode(b), 'ctx'), (e: unknown) => e instanceof FerroloopError && e.code === 'TRANSPORT_PROTOCOL');
    }
    assert.throws(() => float32Values(Uint8Array.of(1, 2, 3), 'SWAP', 'ctx'), /not a multiple of 4/);
  });
});
