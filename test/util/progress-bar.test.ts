import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ProgressBar } from '../../src/util/progress-bar.ts';

function sink(isTTY: boolean) {
  const out: string[] = [];
  return { out, stream: { isTTY, write: (s: string) => out.push(s) } };
}

describe('ProgressBar', () => {
  it('renders label, bar, count, elapsed time and suffix', () => {
    let t = 0;
    const bar = new ProgressBar({ total: 4, label: 'vae', width: 8, now: () => t, stream: sink(false).stream });
    t = 1500;
    assert.equal(bar.render(2, 'mse 0.04'), 'vae [####....] 2/4 1.5s mse 0.04');
  });

  it('redraws in place on a TTY and ends the line on finish', () => {
    const s = sink(true);
    const bar = new ProgressBar({ total: 2, width: 2, now: () => 0, stream: s.stream });
    bar.update(1);
    bar.finish();
    bar.finish();
    assert.deepEqual(s.out, ['\r[#.] 1/2 0.0s\x1b[K', '\r[##] 2/2 0.0s\x1b[K\n']);
  });

  it('prints throttled lines when not a TTY', () => {
    const s = sink(false);
    const bar = new ProgressBar({ total: 10, width: 10, everyPercent: 50, now: () => 0, stream: s.stream });
    for (let i = 1; i <= 10; i++) bar.update(i);
    bar.finish();
    assert.deepEqual(s.out, ['[#.........] 1/10 0.0s\n', '[#####.....] 5/10 0.0s\n', '[##########] 10/10 0.0s\n']);
  });

  it('rejects a non-positive total', () => {
    assert.throws(() => new ProgressBar({ total: 0 }), RangeError);
  });
});
