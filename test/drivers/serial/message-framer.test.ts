import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeBlock } from '../../../src/drivers/serial/binary-block.ts';
import { type FramerOutput, MessageFramer } from '../../../src/drivers/serial/message-framer.ts';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (o: FramerOutput): string => (o.kind === 'message' ? Buffer.from(o.bytes).toString('latin1') : `ERROR ${o.message}`);
const cat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));

function feedBytewise(f: MessageFramer, bytes: Uint8Array): FramerOutput[] {
  const out: FramerOutput[] = [];
  for (const b of bytes) out.push(...f.push(Uint8Array.of(b)));
  return out;
}

describe('MessageFramer', () => {
  it('splits lines at LF and drops a trailing CR', () => {
    const out = new MessageFramer().push(enc('*IDN?\r\nSYST:ERR?\n0,"No error"\n'));
    assert.deepEqual(out.map(text), ['*IDN?', 'SYST:ERR?', '0,"No error"']);
  });

  it('frames a definite-length block by its length even when it holds LF bytes', () => {
    const payload = Uint8Array.from({ length: 300 }, (_, i) => (i % 7 === 0 ? 0x0a : i & 0xff));
    const bytes = cat(encodeBlock(payload), enc('\n'), enc('1\n'));
    for (const out of [new MessageFramer().push(bytes), feedBytewise(new MessageFramer(), bytes)]) {
      assert.equal(out.length, 2);
      assert.equal(out[0].kind, 'message');
      assert.deepEqual(out[0].kind === 'message' && out[0].bytes.subarray(5), payload);
      assert.equal(text(out[1]), '1');
    }
  });

  it('frames a command that carries a block after its header', () => {
    const payload = enc('a;b,\n\n#zz');
    const out = new MessageFramer().push(cat(enc('SOUR1:DATA:ARB W,'), encodeBlock(payload), enc('\r\n*TRG\n')));
    assert.equal(out.length, 2);
    assert.equal(text(out[0]), 'SOUR1:DATA:ARB W,#19a;b,\n\n#zz');
    assert.equal(text(out[1]), '*TRG');
  });

  it("treats '#' inside quotes or before a non-digit as text", () => {
    const out = new MessageFramer().push(enc('-113,"Undefined header; #5x"\nDATA #HFF\n'));
    assert.deepEqual(out.map(text), ['-113,"Undefined header; #5x"', 'DATA #HFF']);
  });

  it('reports an indefinite-length or malformed block header and resumes after the next LF', () => {
    const out = new MessageFramer().push(enc('#0abc\n#2x5\nOK\n'));
    assert.equal(out.length, 3);
    assert.match(text(out[0]), /^ERROR indefinite-length/);
    assert.match(text(out[1]), /^ERROR malformed block header/);
    assert.equal(text(out[2]), 'OK');
  });

  it('knows when it is inside a block (a timeout there is a truncated block)', () => {
    const f = new MessageFramer();
    f.push(enc('#3100abc'));
    assert.ok(f.inBlock);
    assert.deepEqual(f.blockProgress, { received: 3, declared: 100 });
    f.reset();
    assert.ok(!f.inBlock);
  });

  it('refuses a message longer than its limit', () => {
    const out = new MessageFramer(16).push(enc(`${'x'.repeat(40)}\nok\n`));
    assert.match(text(out[0]), /longer than 16 bytes/);
    assert.equal(text(out[1]), 'ok');
  });
});
