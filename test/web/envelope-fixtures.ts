import type { Envelope, Topic } from '../../web/protocol.ts';

/** Builds envelopes with increasing seq (starting at `first`), the way the server numbers them. */
export class EnvelopeBuilder {
  private seq: number;

  constructor(first = 1) {
    this.seq = first;
  }

  next(topic: Topic, type: string, payload: unknown): Envelope {
    const seq = this.seq++;
    return { v: 1, seq, ts: 1_700_000_000_000 + seq, topic, type, payload };
  }
}

/** A 3 x 2 grid campaign (m = 6) with coordinates and ground truth. */
export const PREPARED = {
  runId: 'latent-bo-1', name: 'latent-bo', workflow: 'latent-bo', budget: 10,
  grid: { nx: 3, ny: 2, x: [-1, 1], y: [0, 2], xLabel: 'z1', yLabel: 'z2' },
  coordinates: [-1, 0, 0, 0, 1, 0, -1, 2, 0, 2, 1, 2],
  groundTruth: [1, 2, 3, 4, 5, null],
};

/** Start document of run latent-bo-1 (minimize, so best-so-far logic is exercised in the smaller direction). */
export const START = { uid: 'start-uid', time: 1, run_id: 'latent-bo-1', workflow: 'latent-bo', config: { name: 'latent-bo', agent: { budget: 10, direction: 'minimize' } } };
export const PRIMARY = { uid: 'd-primary', time: 1, run_start: 'start-uid', name: 'primary', data_keys: { field: { source: 'command:pole/field', dtype: 'array', shape: [950], units: 'Ec' } } };
export const MODEL = { uid: 'd-model', time: 1, run_start: 'start-uid', name: 'model', data_keys: {} };

/** A primary-stream event of the given step. */
export function primaryEvent(step: number, candidate: number, y: number): Record<string, unknown> {
  return { uid: `e${step}`, descriptor: 'd-primary', seq_num: step + 1, time: 2, data: { step, candidate, y, instrument: 'ferrosim' }, timestamps: {} };
}
