import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PREPARING_EVERY_MS, type PreparingPayload, preparationReporter } from '../../src/server/preparation-reporter.ts';

describe('preparation progress reporter', () => {
  it('publishes the first and last report of a stage and at most one per interval between; logs stage starts and ends', () => {
    let t = 0;
    const sent: PreparingPayload[] = [];
    const lines: string[] = [];
    const report = preparationReporter({ name: 'w2', publish: (p) => sent.push(p), log: (l) => lines.push(l), now: () => t });
    for (let epoch = 1; epoch <= 100; epoch += 1) {
      t += PREPARING_EVERY_MS / 10; // ten epochs per interval
      report('vae', epoch, 100, `loss ${epoch}`);
    }
    assert.deepEqual(sent[0], { name: 'w2', stage: 'vae', done: 1, total: 100, detail: 'loss 1' });
    assert.equal(sent.at(-1)!.done, 100);
    assert.ok(sent.length >= 10 && sent.length <= 12, `${sent.length} envelopes for 100 epochs`);
    report('ground truth', 0, 400);
    assert.equal(sent.at(-1)!.stage, 'ground truth', 'a new stage goes out at once');
    assert.deepEqual(lines, ['preparing vae: 1/100 (loss 1)', 'preparing vae: 100/100 (loss 100)', 'preparing ground truth: 0/400']);
  });
});
