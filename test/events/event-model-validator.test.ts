import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { NamedDocumentSchema } from '../../src/events/documents.ts';
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
});
