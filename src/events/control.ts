import { z } from 'zod';

/**
 * Control messages an agent obeys (from the CLI, the WebSocket server or a test). They take effect at
 * step boundaries; `swap` carries the new instrument's config, validated by the driver factory.
 */
export const ControlMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('pause') }),
  z.strictObject({ type: z.literal('resume') }),
  z.strictObject({ type: z.literal('stop'), reason: z.string().optional() }),
  z.strictObject({ type: z.literal('swap'), instrument: z.record(z.string(), z.unknown()) }),
]);
export type ControlMessage = z.infer<typeof ControlMessageSchema>;
