// Worker bootstrap (plain JS so it loads without a TypeScript loader): registers tsx when the task module is
// TypeScript (a source checkout; the compiled package needs none), loads the task module named in workerData,
// and answers {id, task} messages with {id, ok, value | error}.
import { parentPort, workerData } from 'node:worker_threads';

if (String(workerData.moduleUrl).endsWith('.ts')) (await import('tsx/esm/api')).register();
const mod = await import(workerData.moduleUrl);
const handle = mod[workerData.exportName];
if (typeof handle !== 'function') throw new TypeError(`${workerData.moduleUrl} has no function ${workerData.exportName}`);

parentPort.on('message', async ({ id, task }) => {
  try {
    const { value, transfer } = await handle(task);
    parentPort.postMessage({ id, ok: true, value }, transfer ?? []);
  } catch (err) {
    parentPort.postMessage({ id, ok: false, error: { code: err?.code ?? 'SWEEP_WORKER_FAILED', message: String(err?.message ?? err) } });
  }
});
parentPort.postMessage({ ready: true });
