// The plugin's own tests: ferroloop's instrument contract suite, plus its options schema.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeInstrument } from 'ferroloop/testing';
import driver from '../toy-spm.mjs';

const ctx = { configDir: process.cwd(), transport: () => { throw new Error('no serial lines'); }, log: () => {} };

/** Options through the driver's schema, as ferroloop does before create(). */
async function validOptions(input) {
  const r = await driver.optionsSchema['~standard'].validate(input);
  if (r.issues) throw new Error(r.issues.map((i) => i.message).join('; '));
  return r.value;
}

describeInstrument('toy-spm (plugin)', async () => ({ instrument: driver.create(await validOptions({ seed: 3 }), ctx) }));

test('the options schema defaults, and names the path of a bad value', async () => {
  assert.deepEqual((await validOptions({})).pixels, [48, 48]);
  const r = await driver.optionsSchema['~standard'].validate({ pixels: [48, 2.5], bogus: 1 });
  assert.deepEqual(r.issues.map((i) => i.path), [['bogus'], ['pixels', 1]]);
});
