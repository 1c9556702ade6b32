import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../helpers/repo-paths.ts';

function ferroloop(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'ferroloop.mjs'), ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('ferroloop emulate', () => {
  it('--help explains the socat pty recipe and how a config points at it', () => {
    const r = ferroloop('emulate', '--help');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /socat -d -d pty,raw,echo=0,link=\/tmp\/ferroloop-awg pty,raw,echo=0,link=\/tmp\/ferroloop-awg-dev/);
    assert.match(r.stdout, /configs\/instruments\/poling-rig\.json/);
    assert.match(r.stdout, /--disconnect-after N/);
  });

  it('refuses missing paths and bad fault rates with exit 2 naming the flag', () => {
    const missing = ferroloop('emulate', '--microscope', '/nonexistent');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--awg: is required/);
    const bad = ferroloop('emulate', '--awg', 'a', '--microscope', 'b', '--garbage-rate', '1.5');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--garbage-rate: must be a number in \[0, 1\], got '1.5'/);
    const lattice = ferroloop('emulate', '--awg', 'a', '--microscope', 'b', '--lattice', '1');
    assert.equal(lattice.code, 2);
    assert.match(lattice.stderr, /--lattice/);
  });

  it('a device path in a missing folder, or one that never appears within --wait-for, is exit 2 (not a silent wait)', () => {
    const missing = ferroloop('emulate', '--awg', '/nonexistent/x', '--microscope', '/nonexistent/y');
    assert.equal(missing.code, 2, missing.stderr);
    assert.match(missing.stderr, /--awg: \/nonexistent\/x: no such folder \/nonexistent/);
    const dir = mkdtempSync(join(tmpdir(), 'ferroloop-emulate-'));
    try {
      const late = ferroloop('emulate', '--awg', join(dir, 'awg'), '--microscope', join(dir, 'pfm'), '--wait-for', '0.5');
      assert.equal(late.code, 2, late.stderr);
      assert.match(late.stderr, /awg does not exist \(waited 0\.5 s; make the pty pair with socat first/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
