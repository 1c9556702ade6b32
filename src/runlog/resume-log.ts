import { resolve, sep } from 'node:path';
import type { CampaignConfig } from '../config.ts';
import { parseCampaignConfig } from '../config-loader.ts';
import { FerroloopError, InputError } from '../errors.ts';
import type { NamedDocument, RunStart, RunStop } from '../events/documents.ts';
import { validateRun } from '../events/run-validator.ts';
import { configDiff } from './config-diff.ts';
import { RunLogError, readRunLog } from './run-log-reader.ts';

/** A stop a resumed run reopened (Ctrl-C, "stop tonight, continue tomorrow"); the final stop lists them. */
export interface Interruption {
  readonly uid: string;
  readonly time: number;
  readonly reason: string;
}

/** A run log ready to be continued. */
export interface ResumableLog {
  readonly path: string;
  readonly documents: NamedDocument[];
  readonly config: CampaignConfig;
  readonly interruptions: readonly Interruption[];
  /** Byte length to cut the file to before appending (drops a reopened abort stop); undefined: append as is. */
  readonly reopenAt?: number;
}

/** Run ids are file names in the runs dir: letters, digits, '_', '-', '.' (not leading), nothing that leaves the dir. */
const RUN_ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** The log path of `runId` under `runsDir`; refuses ids that name anything outside it. */
export function runLogPath(runsDir: string, runId: string): string {
  const dir = resolve(runsDir);
  const path = resolve(dir, `${runId}.jsonl`);
  if (!RUN_ID.test(runId) || !path.startsWith(dir + sep)) throw new InputError('--resume', `'${runId}' is not a run id (letters, digits, '.', '_', '-'; a file in the runs dir)`);
  return path;
}

/**
 * Opens the log of `runId` for continuing it with `config`: the log must be this run's (start.run_id),
 * written by the same config (the differing keys are named), and valid line by line (seq_num, dtype, shape).
 * A run ended by an `abort` stop (Ctrl-C) is reopened: the stop is dropped and remembered as an interruption,
 * so the log stays one event-model run with one stop at its end. A run that succeeded or failed is refused.
 */
export function openResumableLog(runsDir: string, runId: string, config: CampaignConfig): ResumableLog {
  const path = runLogPath(runsDir, runId);
  const { documents, lines, offsets } = readRunLog(path, { repair: true });
  const issue = validateRun(documents)[0];
  if (issue) throw new RunLogError(`${path}:${lines[issue.index]}: ${issue.message}`, lines[issue.index]);
  if (documents.length === 0) throw new FerroloopError('RUNLOG_CORRUPT', `${path}: empty run log (no start document)`);
  const start = documents[0][1] as RunStart;
  if (start.run_id !== runId) throw new FerroloopError('INPUT_INVALID', `${path}: the log is run '${String(start.run_id)}', not '${runId}'`);
  const last = documents.at(-1)!;
  const stop = last[0] === 'stop' ? last[1] as RunStop : undefined;
  if (stop && stop.exit_status !== 'abort') throw new FerroloopError('INPUT_INVALID', `run ${runId} already finished (its log has a ${stop.exit_status} stop document)`);
  const stored = parseCampaignConfig(start.config, `${path} (start.config)`);
  // Where ground truths are computed is not part of a run's identity (same results either way): the current one applies.
  const differ = configDiff(stored, config).filter((k) => k !== 'compute' && !k.startsWith('compute.'));
  if (differ.length > 0) {
    throw new FerroloopError('INPUT_INVALID', `${path}: written by another config (differs at ${differ.slice(0, 6).join(', ')}${differ.length > 6 ? ', …' : ''}); resume with the run's own config`);
  }
  const current = { ...stored, compute: config.compute };
  if (!stop) return { path, documents, config: current, interruptions: [] };
  const earlier = Array.isArray(stop.interruptions) ? stop.interruptions as Interruption[] : [];
  return {
    path, documents: documents.slice(0, -1), config: current,
    interruptions: [...earlier, { uid: stop.uid, time: stop.time, reason: stop.reason ?? '' }],
    reopenAt: offsets[documents.length - 1],
  };
}
