import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import type { NamedDocument } from '../../src/events/documents.ts';
import { validateRun } from '../../src/events/run-validator.ts';
import { eventModelFixture } from './repo-paths.ts';

const SCHEMAS = { start: 'run_start', descriptor: 'event_descriptor', event: 'event', stop: 'run_stop' } as const;

/** Validators of the bluesky event-model v1.24 JSON schemas in test/fixtures/event-model/schemas (draft 2020-12). */
export function eventModelValidator(): (doc: NamedDocument | readonly [string, unknown]) => string[] {
  const ajv = new (Ajv2020 as unknown as typeof Ajv2020.default)({ strict: false, allErrors: true });
  const compiled = Object.fromEntries(Object.entries(SCHEMAS).map(([name, file]) => {
    const schema = JSON.parse(readFileSync(eventModelFixture('schemas', `${file}.json`), 'utf8'));
    delete schema.$schema;
    return [name, ajv.compile(schema)];
  }));
  return ([name, doc]) => {
    const validate = compiled[name as keyof typeof SCHEMAS];
    if (!validate) return [`unknown document name ${name}`];
    return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${name}${e.instancePath}: ${e.message}`);
  };
}

/**
 * Checks the event-model rules the schemas cannot: order, data/timestamps/data_keys key sets, seq_num from 1,
 * and (the project's validateRun) each value's dtype and shape against its data key.
 */
export function checkRunConsistency(docs: readonly (NamedDocument | readonly [string, unknown])[]): string[] {
  const errors: string[] = [];
  const order = docs.map(([n]) => n);
  if (order[0] !== 'start') errors.push('first document is not start');
  const stopAt = order.indexOf('stop');
  if (stopAt >= 0 && stopAt !== order.length - 1) errors.push('stop is not last');
  const keys = new Map<string, string[]>();
  const seq = new Map<string, number>();
  for (const [name, doc] of docs as [string, Record<string, unknown>][]) {
    if (name === 'descriptor') keys.set(doc.uid as string, Object.keys(doc.data_keys as object).sort());
    if (name !== 'event') continue;
    const want = keys.get(doc.descriptor as string);
    if (!want) { errors.push(`event ${doc.uid} before its descriptor`); continue; }
    const dataKeys = Object.keys(doc.data as object).sort();
    const tsKeys = Object.keys(doc.timestamps as object).sort();
    if (JSON.stringify(dataKeys) !== JSON.stringify(want)) errors.push(`event ${doc.seq_num}: data keys ${dataKeys} ≠ descriptor ${want}`);
    if (JSON.stringify(tsKeys) !== JSON.stringify(want)) errors.push(`event ${doc.seq_num}: timestamps keys differ`);
    const expected = (seq.get(doc.descriptor as string) ?? 0) + 1;
    if (doc.seq_num !== expected) errors.push(`event seq_num ${doc.seq_num}, expected ${expected}`);
    seq.set(doc.descriptor as string, doc.seq_num as number);
  }
  for (const issue of validateRun(docs)) if (/ has shape | is not a | not an? (number|integer|string|boolean)| declared with shape /.test(issue.message)) errors.push(`document ${issue.index + 1}: ${issue.message}`);
  return errors;
}
