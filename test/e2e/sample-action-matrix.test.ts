import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCampaign } from '../../src/agents/campaign-runner.ts';
import { loadCampaignConfig } from '../../src/config-loader.ts';
import { SOCAT_MISSING, type PtyRig, startPtyRig } from '../drivers/serial/pty-rig.ts';
import { repoRoot } from '../helpers/repo-paths.ts';

/**
 * Issue 9, item 1: nothing acts on the sample twice unasked. Short rig campaigns run over real socat ptys against
 * `ferroloop emulate --log` under a matrix of seeded faults; in every run the sample actions the emulator received
 * (`*TRG` on the AWG, `SPEC:RUN` on the microscope) equal the actions the run log accounts for: one per primary
 * event plus one per `failed_actions` event. A fault may end a run early (a trigger whose confirmation was lost
 * stops it by design); what may never happen is an action on the wire that the log does not hold, or a repeat.
 * Budgets are small so the 2 × 9 runs fit in CI; the W2 VAE is trained once into a shared cache.
 */
const W2 = [
  'workflow.trajectories.count=600', 'workflow.vae.epochs=6', 'workflow.vae.hidden=[32]', 'workflow.grid.margin=0', 'workflow.grid.nx=8', 'workflow.grid.ny=8',
  'workflow.groundTruth=false', 'agent.budget=10', 'agent.initialPoints=3',
  // 20 V/Ec at the config (the emulator's 40 V/Ec stays) halves every voltage: no candidate is near the 400 V limit.
  'instrument.poling.voltsPerEc=20',
  // A lost answer is waited for as long as the protocol allows; 5 s instead of 120 s keeps the dropped-answer cases short.
  'instrument.microscope.scan.timeoutMs=5000',
];
const W3 = [
  'workflow.scan.pixels=[16,16]', 'workflow.patch=4', 'instrument.scan.defaultPixels=[16,16]', 'workflow.spectroscopy.points=12',
  'agent.budget=10', 'agent.initialPoints=4', 'surrogate={"kind":"gp"}',
  'instrument.scan.timeoutMs=5000', 'instrument.spectroscopy.timeoutMs=5000',
];

interface FaultCase {
  readonly name: string;
  /** Emulator flags (always with --log and a fault seed). */
  readonly args: string[];
  /** Restart this socat pair right after the emulator received the action the second time. */
  readonly restartAfterSecondAction?: boolean;
  /** Nothing goes wrong on the wire: the run must complete its budget. */
  readonly clean?: boolean;
}

const CASES: FaultCase[] = [
  { name: 'no faults, persisting sample', args: ['--pole-policy', 'persist'], clean: true },
  { name: 'latency 5 ms', args: ['--latency', '5'] },
  { name: 'dropped responses 2 %', args: ['--drop-rate', '0.02', '--pole-policy', 'persist'] },
  { name: 'garbage responses 3 %', args: ['--garbage-rate', '0.03'] },
  { name: 'truncated blocks 20 %', args: ['--truncate-rate', '0.2'] },
  { name: 'SCPI errors 3 %', args: ['--error-rate', '0.03'] },
  { name: 'disconnect after 40 commands', args: ['--disconnect-after', '40', '--spec-policy', 'persist'] },
  { name: 'disconnect after 97 commands, drops 1 %', args: ['--disconnect-after', '97', '--drop-rate', '0.01'] },
  { name: 'socat restarted mid-run', args: [], restartAfterSecondAction: true },
];

const dir = mkdtempSync(join(tmpdir(), 'ferroloop-sample-matrix-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Events per stream name in a run log (jsonl of [name, doc]). */
function eventsPerStream(logPath: string): Record<string, number> {
  const streams = new Map<string, string>();
  const counts: Record<string, number> = {};
  for (const line of readFileSync(logPath, 'utf8').split('\n')) {
    if (!line) continue;
    const [name, doc] = JSON.parse(line) as [string, { uid: string; name: string; descriptor: string }];
    if (name === 'descriptor') streams.set(doc.uid, doc.name);
    if (name === 'event') {
      const stream = streams.get(doc.descriptor) ?? '?';
      counts[stream] = (counts[stream] ?? 0) + 1;
    }
  }
  return counts;
}

async function runOnRig(rig: PtyRig, workflow: 'w2' | 'w3', tag: string) {
  const file = workflow === 'w2' ? 'latent-bo.rig.json' : 'dkl-microscope.rig.json';
  const paths = workflow === 'w2'
    ? [`instrument.poling.transport.path=${rig.paths.awg}`, `instrument.microscope.transport.path=${rig.paths.pfm}`]
    : [`instrument.transport.path=${rig.paths.pfm}`];
  const config = loadCampaignConfig(readFileSync(join(repoRoot, 'configs', file), 'utf8'), file, [...(workflow === 'w2' ? W2 : W3), ...paths, `seed=${tag.length}`]);
  const logs: string[] = [];
  const summary = await runCampaign({ config, runsDir: join(dir, 'runs'), cacheDir: join(dir, 'cache'), log: (m) => logs.push(m) });
  return { summary, logs, counts: eventsPerStream(summary.log) };
}

describe('the rig fault matrix: sample actions on the wire equal the actions in the run log', { skip: SOCAT_MISSING }, () => {
  const tally: string[] = [];
  after(() => { if (tally.length) console.log(`# sample-action matrix\n${tally.map((t) => `#   ${t}`).join('\n')}`); });

  for (const c of CASES) {
    for (const workflow of ['w2', 'w3'] as const) {
      it(`${workflow}: ${c.name}`, async () => {
        const rig = await startPtyRig([...c.args, '--fault-seed', '1', '--log']);
        try {
          const action = workflow === 'w2' ? /^awg: \*TRG$/ : /^microscope: SPEC:RUN$/;
          let restart: Promise<void> | undefined;
          let restarting = false;
          if (c.restartAfterSecondAction) {
            const port = workflow === 'w2' ? 'awg' : 'pfm';
            // The second action is searched for after the first one's line, not after whatever was printed by the
            // time the first wait resolved (a fast run had printed the second already, and the wait hung).
            restart = rig.emulator.waitFor(action)
              .then((first) => rig.emulator.waitFor(action, rig.emulator.lines.indexOf(first) + 1))
              .then(() => { restarting = true; return rig.restartSocat(port); }, () => undefined);
          }
          const { summary, logs, counts } = await runOnRig(rig, workflow, `${c.name}/${workflow}`);
          if (restart) {
            // The run can only have ended after the restart cut its link; if it did not, say so instead of waiting.
            assert.ok(restarting, `the run ended without a socat restart: ${summary.exit_status} (${summary.reason})`);
            await Promise.race([restart, rig.emulator.exited]);
          }
          const primary = counts.primary ?? 0;
          const failed = counts.failed_actions ?? 0;
          // Every action line is printed before the emulator answers it, and the run ended after its last answer (or
          // after giving up on one), so the emulator's stdout already holds every action by now.
          const onWire = rig.emulator.count(action);
          const anyMention = rig.emulator.lines.filter((l) => /\*TRG|SPEC:RUN/.test(l) && !/^(awg|microscope): /.test(l));
          tally.push(`${workflow} ${c.name}: ${onWire} on the wire, ${primary} primary + ${failed} failed_actions, ${summary.exit_status} (${summary.reason})`);
          assert.deepEqual(anyMention, []);
          assert.equal(onWire, primary + failed, `${summary.exit_status}: ${summary.reason}\n${logs.slice(-15).join('\n')}`);
          assert.ok(failed <= 1, 'a failed action stops the run');
          assert.equal(summary.evaluations, primary);
          if (failed === 0 && summary.exit_status !== 'success') {
            // Failures before the sample was touched are retried; only exhausted retries may end such a run.
            assert.match(summary.reason ?? '', /attempt|TRANSPORT|SCPI|retr/i, summary.reason);
          }
          if (failed === 1) assert.equal(summary.exit_status, 'fail');
          if (c.clean) assert.equal(summary.exit_status, 'success', 'a fault-free rig completes its budget');
        } finally {
          await rig.cleanup();
        }
      });
    }
  }
});
