import { z } from 'zod';

/**
 * Bluesky event-model v1.24 documents (the JSON schemas of bluesky/event-model, vendored in test/fixtures/event-model), as zod schemas. Extra keys of
 * start/descriptor/stop must not contain '.' or '/'; an event has no keys beyond the schema's.
 */
const plainKey = /^[^./]+$/;
const extraKeysOk = (doc: Record<string, unknown>): boolean => Object.keys(doc).every((k) => plainKey.test(k));

export const DataKeySchema = z.object({
  source: z.string(),
  dtype: z.enum(['string', 'number', 'array', 'boolean', 'integer']),
  shape: z.array(z.number().int().nonnegative().nullable()),
  units: z.string().optional(),
}).catchall(z.unknown());
export type DataKey = z.infer<typeof DataKeySchema>;

export const RunStartSchema = z.object({ uid: z.string(), time: z.number() })
  .catchall(z.unknown()).refine(extraKeysOk, 'extra keys may not contain "." or "/"');
export type RunStart = z.infer<typeof RunStartSchema>;

export const DescriptorSchema = z.object({
  uid: z.string(), time: z.number(), run_start: z.string(), name: z.string().optional(),
  data_keys: z.record(z.string(), DataKeySchema),
}).catchall(z.unknown()).refine(extraKeysOk, 'extra keys may not contain "." or "/"');
export type Descriptor = z.infer<typeof DescriptorSchema>;

export const EventSchema = z.strictObject({
  uid: z.string(), descriptor: z.string(), seq_num: z.number().int().min(1), time: z.number(),
  data: z.record(z.string(), z.unknown()), timestamps: z.record(z.string(), z.number()),
  filled: z.record(z.string(), z.union([z.boolean(), z.string()])).optional(),
});
export type EventDoc = z.infer<typeof EventSchema>;

export const ExitStatusSchema = z.enum(['success', 'abort', 'fail']);
export type ExitStatus = z.infer<typeof ExitStatusSchema>;

export const RunStopSchema = z.object({
  uid: z.string(), time: z.number(), run_start: z.string(), exit_status: ExitStatusSchema,
  reason: z.string().optional(), num_events: z.record(z.string(), z.number().int()).optional(),
}).catchall(z.unknown()).refine(extraKeysOk, 'extra keys may not contain "." or "/"');
export type RunStop = z.infer<typeof RunStopSchema>;

/** One `[name, document]` pair as it appears in a run log line. */
export type NamedDocument =
  | readonly ['start', RunStart]
  | readonly ['descriptor', Descriptor]
  | readonly ['event', EventDoc]
  | readonly ['stop', RunStop];

export const NamedDocumentSchema = z.union([
  z.tuple([z.literal('start'), RunStartSchema]),
  z.tuple([z.literal('descriptor'), DescriptorSchema]),
  z.tuple([z.literal('event'), EventSchema]),
  z.tuple([z.literal('stop'), RunStopSchema]),
]);
