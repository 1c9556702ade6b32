import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../helpers/run-cli.ts';
import { refCasePath } from '../helpers/repo-paths.ts';

const dir = mkdtempSync(join(tmpdir(), 'ferroloop-sim-cli-'));

/** Writes a mutated copy of a reference case and returns its path. */
function mutated(name: string, mutate: (c: { inputs: Record<string, unknown> }) => void, raw?: (text: string) => string): string {
  const text = readFileSync(refCasePath('case1_n10_sine_det.json'), 'utf8');
  const c = JSON.parse(text);
  mutate(c);
  const path = join(dir, `${name}.json`);
  writeFileSync(path, raw ? raw(JSON.stringify(c)) : JSON.stringify(c));
  return path;
}

describe('ferroloop sim', () => {
  it('prints the outputs of the stochastic reference case, replaying its selections', async () => {
    const r = await runCli(['sim', '--case', refCasePath('case4_n10_expsin_stochastic.json')]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    const ref = JSON.parse(readFileSync(refCasePath('case4_n10_expsin_stochastic.json'), 'utf8')).outputs;
    for (const key of Object.keys(ref)) assert.ok(key in out, `missing key ${key}`);
    // Same tolerance as the library test (spec §9).
    assert.ok(Math.abs(out.curl_abs_sum - ref.curl_abs_sum) / ref.curl_abs_sum < 1e-9);
    assert.deepEqual([out.P_final.length, out.P_final[0].length, out.mean_P_vs_time[0].length], [2, 10, 950]);
  });

  const bad: [string, string, RegExp][] = [
    ['missing key', mutated('missing', (c) => { delete c.inputs.time_vec; }), /inputs\.time_vec/],
    ['wrong shape', mutated('shape', (c) => { (c.inputs.appliedE_units_Ec as number[][])[3] = [1, 2, 3]; }), /inputs\.appliedE_units_Ec\[3\]/],
    ['NaN', mutated('nan', (c) => { c.inputs.dep_alpha = 'NAN_TOKEN'; }, (t) => t.replace('"NAN_TOKEN"', 'NaN')), /inputs\.dep_alpha: must be finite/],
    ['unknown mode', mutated('mode', (c) => { c.inputs.mode = 'cubic'; }), /inputs\.mode/],
    ['short defects', mutated('defects', (c) => { (c.inputs.defects_units_Ec as unknown[]).pop(); }), /inputs\.defects_units_Ec/],
    ['unreadable file', join(dir, 'does-not-exist.json'), /cannot read case file/],
  ];
  for (const [what, path, message] of bad) {
    it(`rejects ${what} with one line and exit code 2`, async () => {
      const r = await runCli(['sim', '--case', path]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.doesNotMatch(r.stderr, /\bat .*\(/, 'no stack trace');
      assert.equal(r.stdout, '');
    });
  }

  it('rejects a file that is not JSON', async () => {
    const path = join(dir, 'garbage.json');
    writeFileSync(path, '{"inputs": ');
    const r = await runCli(['sim', '--case', path]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not valid JSON/);
  });
});
