import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { NamedDocument } from '../../src/events/documents.ts';
import { checkWritable } from '../../src/runlog/check-writable.ts';
import { DiskWriteError } from '../../src/runlog/disk-error.ts';
import { readRunLog } from '../../src/runlog/run-log-reader.ts';
import { RunLogWriter } from '../../src/runlog/run-log-writer.ts';
import { writeFileAtomic } from '../../src/util/write-file-atomic.ts';

const dir = fs.mkdtempSync(join(tmpdir(), 'ferroloop-writer-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const start: NamedDocument = ['start', { uid: 's', time: 1, run_id: 'r' }];
const stop: NamedDocument = ['stop', { uid: 'z', time: 2, run_start: 's', exit_status: 'success', reason: 'x'.repeat(200) }];
const enospc = (): Error => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

describe('run log writer on a failing disk', () => {
  it('a write that fails half way is cut back: the log stays valid, the error is one line naming the file', () => {
    const path = join(dir, 'short.jsonl');
    let calls = 0;
    // The second document's first write lands 10 bytes, the next one fails with ENOSPC.
    const io = { ...fs, writeSync: ((fd: number, buf: Buffer, off: number, len: number) => {
      calls += 1;
      if (calls === 2) return fs.writeSync(fd, buf, off, 10);
      if (calls === 3) throw enospc();
      return fs.writeSync(fd, buf, off, len);
    }) as typeof fs.writeSync };
    const w = new RunLogWriter(path, io);
    w.append(start);
    assert.throws(() => w.append(stop), (err: unknown) => err instanceof DiskWriteError && err.code === 'FILE_UNWRITABLE'
      && err.message === `${path}: cannot write (ENOSPC: no space left on the device)` && !err.message.includes('\n'));
    w.close();
    assert.equal(fs.readFileSync(path, 'utf8'), `${JSON.stringify(start)}\n`);
    assert.equal(readRunLog(path).droppedTornLine, false);
  });

  it('continues a short write until the line is whole', () => {
    const path = join(dir, 'slow.jsonl');
    const io = { ...fs, writeSync: ((fd: number, buf: Buffer, off: number, len: number) => fs.writeSync(fd, buf, off, Math.min(len, 7))) as typeof fs.writeSync };
    const w = new RunLogWriter(path, io);
    w.append(start);
    w.append(stop);
    w.close();
    assert.deepEqual(readRunLog(path).documents, [start, stop]);
  });

  it('EROFS on open and a real ENOSPC device (/dev/full) give one line naming the file', { skip: !fs.existsSync('/dev/full') }, () => {
    const erofs = { ...fs, openSync: (() => { throw Object.assign(new Error('EROFS'), { code: 'EROFS' }); }) as typeof fs.openSync };
    assert.throws(() => new RunLogWriter('/ro/run.jsonl', erofs), { message: '/ro/run.jsonl: cannot write (EROFS: read-only file system)' });
    const w = new RunLogWriter('/dev/full');
    assert.throws(() => w.append(start), { message: '/dev/full: cannot write (ENOSPC: no space left on the device)' });
    w.close();
  });

  it('checkWritable fails fast naming the dir; figures are written whole (temp + rename)', () => {
    checkWritable(dir);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith('.ferroloop-write-probe')), []);
    assert.throws(() => checkWritable(join(dir, 'missing')), { message: `${join(dir, 'missing')}: cannot write (ENOENT: no such directory)` });
    const fig = join(dir, 'fig.png');
    writeFileAtomic(fig, Buffer.from('png'));
    assert.equal(fs.readFileSync(fig, 'utf8'), 'png');
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('.tmp-')), []);
    assert.throws(() => writeFileAtomic(join(dir, 'missing', 'fig.png'), 'x'), (err: unknown) => err instanceof DiskWriteError);
  });
});
