import type { DataKey, Descriptor, EventDoc, ExitStatus, RunStart, RunStop } from './documents.ts';

/** Where documents get their identity and time: injected so that tests are deterministic. */
export interface DocumentClock {
  /** A globally unique id. */
  uid(): string;
  /** Unix time in seconds (float). */
  now(): number;
}

/** Real uids (crypto.randomUUID) and wall-clock time. */
export const systemClock: DocumentClock = {
  uid: () => crypto.randomUUID(),
  now: () => Date.now() / 1000,
};

/** A run start document; `metadata` keys are checked for '.' and '/' by the schema. */
export function makeStart(clock: DocumentClock, metadata: Record<string, unknown>): RunStart {
  return { ...metadata, uid: clock.uid(), time: clock.now() };
}

/** A descriptor of stream `name` with its data keys. */
export function makeDescriptor(clock: DocumentClock, start: RunStart, name: string, dataKeys: Record<string, DataKey>): Descriptor {
  return { uid: clock.uid(), time: clock.now(), run_start: start.uid, name, data_keys: dataKeys };
}

/** An event of a stream; every data key gets the event's timestamp. */
export function makeEvent(clock: DocumentClock, descriptor: Descriptor, seqNum: number, data: Record<string, unknown>): EventDoc {
  const time = clock.now();
  const timestamps = Object.fromEntries(Object.keys(data).map((k) => [k, time]));
  return { uid: clock.uid(), descriptor: descriptor.uid, seq_num: seqNum, time, data, timestamps };
}

/** The stop document with per-stream event counts. */
export function makeStop(clock: DocumentClock, start: RunStart, exitStatus: ExitStatus, reason: string, numEvents: Record<string, number>): RunStop {
  return { uid: clock.uid(), time: clock.now(), run_start: start.uid, exit_status: exitStatus, reason, num_events: numEvents };
}
