import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { NamedDocumentSchema } from '../../src/events/documents.ts';
import { flattenNested, nestArray } from '../../src/events/nested-array.ts';
import { validateRun } from '../../src/events/run-validator.ts';
import { checkRunConsistency, eventModelValidator } from '../helpers/event-model-validator.ts';
import { eventModelFixture } from '../helpers/repo-paths.ts';

describe('event-model validation', () => {
  const example = JSON.parse(readFileSync(eventModelFixture('example_run.json'), 'utf8')) as [string, unknown][];
  const validate = eventModelValidator();

  it('accepts the reference example run (schemas and our zod schemas agree)', () => {
    for (const doc of example) {
      assert.deepEqual(validate(doc), []);
      assert.ok(NamedDocumentSchema.safeParse(doc).success, doc[0]);
    }
    assert.deepEqual(checkRunConsistency(example), []);
  });

  it('rejects what event-model rejects: a start key with a dot, an event with an extra key', () => {
    const start = { ...(example[0][1] as object), 'bad.key': 1 };
    assert.notDeepEqual(validate(['start', start]), []);
    assert.equal(NamedDocumentSchema.safeParse(['start', start]).success, false);
    const event = example.find(([n]) => n === 'event')![1] as object;
    assert.notDeepEqual(validate(['event', { ...event, extra: 1 }]), []);
    assert.equal(NamedDocumentSchema.safeParse(['event', { ...event, extra: 1 }]).success, false);
  });

  describe('the project\'s run validator (dtype and shape against the values)', () => {
    const start = ['start', { uid: 's', time: 1 }] as const;
    const descriptor = ['descriptor', { uid: 'd', time: 1, run_start: 's', name: 'primary', data_keys: {
      y: { source: 'agent:objective', dtype: 'number', shape: [] },
      loop: { source: 'measurement:loop', dtype: 'array', shape: [3, 4] },
      PX: { source: 'measurement:PX', dtype: 'array', shape: [null, null] },
    } }] as const;
    const event = (seq: number, data: Record<string, unknown>) => ['event', { uid: `e${seq}`, descriptor: 'd', seq_num: seq, time: 1, data, timestamps: { y: 1, loop: 1, PX: 1 } }] as const;
    const loop = nestArray(Array.from({ length: 12 }, (_, i) => i), [3, 4]);

    it('accepts arrays nested as declared (null = any length)', () => {
      assert.deepEqual(validateRun([start, descriptor, event(1, { y: 1, loop, PX: [[1, 2], [3, 4]] })]), []);
      assert.deepEqual(flattenNested(loop), { shape: [3, 4], data: Array.from({ length: 12 }, (_, i) => i) });
    });

    it('rejects a flat list under a 2-D shape, a ragged array, y: null and a repeated seq_num, naming the document', () => {
      const issues = validateRun([
        start, descriptor,
        event(1, { y: 1, loop: loop.flat(), PX: [[1, 2], [3, 4]] }),
        event(2, { y: null, loop, PX: [[1, 2], [3]] }),
        event(2, { y: 2, loop, PX: [[1]] }),
      ]);
      assert.deepEqual(issues.map((i) => [i.index, i.message]), [
        [2, 'event 1: loop has shape [12], declared [3, 4]'],
        [3, 'event 2: y is null, not a number'],
        [3, 'event 2: PX is not a rectangular array of numbers'],
        [4, 'seq_num 2 where 3 was due (repeated or skipped)'],
      ]);
    });
  });
});
