/** One report of a campaign's preparation (VAE epochs, ground-truth or grid sweep runs) as the dashboard shows it. */
export interface PreparingPayload {
  readonly name: string;
  /** 'starting', 'vae', 'ground truth', 'grid search', … */
  readonly stage: string;
  readonly done: number;
  readonly total: number;
  /** E.g. the last epoch's losses. */
  readonly detail?: string;
}

/** Least time between two `campaign/preparing` envelopes of one stage (ms); stage changes and completions always go out. */
export const PREPARING_EVERY_MS = 250;
/** Least time between two terminal lines of one stage (ms). */
export const PREPARING_LOG_EVERY_MS = 10_000;

/**
 * Rate-limits preparation progress: `publish` gets at most one report per PREPARING_EVERY_MS per stage (always the
 * first and the last of a stage), `log` one line per stage start, per PREPARING_LOG_EVERY_MS and at the stage's end.
 */
export function preparationReporter(o: {
  name: string; publish: (p: PreparingPayload) => void; log: (line: string) => void; now?: () => number;
}): (stage: string, done: number, total: number, detail?: string) => void {
  const now = o.now ?? (() => performance.now());
  let stage = '';
  let published = -Infinity;
  let logged = -Infinity;
  return (s, done, total, detail) => {
    const t = now();
    const fresh = s !== stage;
    const finished = done >= total;
    if (fresh) { stage = s; published = -Infinity; logged = -Infinity; }
    if (fresh || finished || t - published >= PREPARING_EVERY_MS) {
      published = t;
      o.publish({ name: o.name, stage: s, done, total, ...(detail ? { detail } : {}) });
    }
    if (fresh || finished || t - logged >= PREPARING_LOG_EVERY_MS) {
      logged = t;
      o.log(`preparing ${s}: ${done}/${total}${detail ? ` (${detail})` : ''}`);
    }
  };
}
