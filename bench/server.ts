// Live server under load: 100 WebSocket clients (10 of them not reading) on a synthetic agent publishing
// 1 000 messages/s (per 10 ms step: 5 run documents, 3 agent messages, 1 posterior, 1 frame) for ~10 s.
// Prints the delivery rate and latency (p50/p99/max) of the healthy clients, the server's RSS and heap, and the
// agent's step time (fake work + publishing) without clients, with them, and the cost of publishing alone.
// Clients run in a worker thread so that their parsing does not count as server time. Loopback only; stops by itself.
// Usage: npm run bench -- server [--seconds 10] [--clients 100] [--slow 10]
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { ControlTarget } from '../src/server/control-dispatch.ts';
import { EventHub } from '../src/server/event-hub.ts';
import { startLiveServer } from '../src/server/live-server.ts';
import { ServerError } from '../src/server/server-error.ts';

const STEP_MS = 10;
const now = (): number => performance.timeOrigin + performance.now();

/** The client side, as plain JS for an eval'd worker: connect, pause the slow ones, record latencies. */
const CLIENTS_JS = `
const { parentPort, workerData } = require('node:worker_threads');
const { WebSocket } = require(workerData.wsPath);
const { port, clients, slow } = workerData;
const stats = [];
const RUN_TOPIC = Buffer.from('"topic":"run"');
const SENT = Buffer.from('"payload":{"sent":');
let open = 0;
const sockets = [];
for (let i = 0; i < clients; i++) {
  const healthy = i >= slow;
  const s = { healthy, received: 0, run: 0, latencies: [], closedCode: null };
  stats.push(s);
  const ws = new WebSocket('ws://127.0.0.1:' + port + '/ws?topics=run,agent,model,frames', { perMessageDeflate: false });
  sockets.push(ws);
  ws.on('open', () => { if (!healthy) ws.pause(); if (++open === clients) parentPort.postMessage({ kind: 'ready' }); });
  // Cheap parsing (no JSON.parse of large payloads) so that the clients' thread keeps up and latency is the server's.
  ws.on('message', (data) => {
    const at = performance.timeOrigin + performance.now();
    s.received++;
    if (data.indexOf(RUN_TOPIC) >= 0 && data.indexOf(RUN_TOPIC) < 80) s.run++;
    const i = data.indexOf(SENT);
    if (i >= 0) s.latencies.push(at - parseFloat(data.toString('latin1', i + SENT.length, i + SENT.length + 24)));
  });
  ws.on('close', (code) => { s.closedCode = code; });
  ws.on('error', () => {});
}
parentPort.on('message', (m) => {
  if (m === 'report') parentPort.postMessage({ kind: 'report', stats });
  if (m === 'close') { for (const ws of sockets) ws.terminate(); parentPort.postMessage({ kind: 'closed' }); }
});
`;

/** ~`ms` of CPU work standing in for a model step (a dense matrix-vector product). */
function fakeWork(ms: number, scratch: Float64Array): number {
  const end = performance.now() + ms;
  let acc = 0;
  while (performance.now() < end) for (let i = 0; i < scratch.length; i++) acc += scratch[i] * (i & 7);
  return acc;
}

/** Publishes one step's 10 messages. */
function publishStep(hub: EventHub, step: number, frame: number[], posterior: number[]): void {
  const sent = now();
  for (let k = 0; k < 5; k++) hub.publish('run', 'event', { sent, uid: `e${step}-${k}`, seq_num: step * 5 + k, time: sent / 1000, data: { y: step, candidate: k, x: [0.1, 0.2] }, timestamps: {} });
  hub.publish('agent', 'agent/progress', { sent, step, budget: 1e6, candidate: step % 100, y: 1, instrument: 'bench', best: 1, bestCandidate: 0 });
  hub.publish('agent', 'agent/state', { sent, state: 'running', step });
  hub.publish('agent', 'instrument/failed', { sent, step, attempt: 1, code: 'X', message: 'synthetic', willRetry: true });
  hub.publish('model', 'model/posterior', { sent, step, mean: posterior, std: posterior });
  hub.publish('frames', 'instrument/measured', { sent, step, candidate: 1, instrument: 'bench', command: { kind: 'pole' }, arrays: { PX: { shape: [20, 20], data: frame, unit: 'a.u.' } } });
}

/** Runs the agent for `seconds` at one step per 10 ms; returns step and publish durations (ms). */
async function agentLoop(hub: EventHub, seconds: number, workMs: number): Promise<{ steps: number[]; publish: number[] }> {
  const scratch = new Float64Array(4096).fill(1.5);
  const frame = Array.from({ length: 400 }, (_, i) => Math.sin(i));
  const posterior = Array.from({ length: 400 }, (_, i) => Math.cos(i));
  const steps: number[] = [];
  const publish: number[] = [];
  const t0 = performance.now();
  for (let step = 0; performance.now() - t0 < seconds * 1000; step++) {
    const a = performance.now();
    fakeWork(workMs, scratch);
    const b = performance.now();
    publishStep(hub, step, frame, posterior);
    const c = performance.now();
    steps.push(c - a);
    publish.push(c - b);
    const next = t0 + (step + 1) * STEP_MS;
    await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
  }
  return { steps, publish };
}

const quantile = (xs: number[], q: number): number => {
  if (xs.length === 0) return NaN;
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const mb = (b: number): string => `${(b / 1048576).toFixed(1)} MiB`;
const f2 = (x: number): string => x.toFixed(2);

export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { seconds: { type: 'string' }, clients: { type: 'string' }, slow: { type: 'string' }, work: { type: 'string' } } });
  const seconds = Number(values.seconds ?? 10);
  const clients = Number(values.clients ?? 100);
  const slow = Number(values.slow ?? 10);
  const workMs = Number(values.work ?? 3);
  const control: ControlTarget = { status: () => null, handle: async () => { throw new ServerError('NO_CAMPAIGN', 'bench'); } };

  const bare = new EventHub();
  const baseline = await agentLoop(bare, 3, workMs);
  console.log(`agent alone (no server): step p50 ${f2(quantile(baseline.steps, 0.5))} ms, p99 ${f2(quantile(baseline.steps, 0.99))} ms; publish p50 ${f2(quantile(baseline.publish, 0.5) * 1000)} µs`);

  const hub = new EventHub();
  let closedTooSlow = 0;
  const server = await startLiveServer({ hub, control, token: 'bench', port: 0, log: (m) => { if (/too slow/.test(m)) closedTooSlow += 1; } });
  const worker = new Worker(CLIENTS_JS, { eval: true, workerData: { port: server.port, clients, slow, wsPath: require_resolve('ws') } });
  const inbox: { kind: string; stats?: ClientStats[] }[] = [];
  const waitFor = (kind: string): Promise<{ stats?: ClientStats[] }> => new Promise((resolve) => {
    const check = (m: { kind: string; stats?: ClientStats[] }): void => { if (m.kind === kind) { worker.off('message', check); resolve(m); } };
    const seen = inbox.find((m) => m.kind === kind);
    if (seen) resolve(seen); else worker.on('message', check);
  });
  worker.on('message', (m) => inbox.push(m));
  await waitFor('ready');
  const memory: { rss: number; heap: number }[] = [];
  const sampler = setInterval(() => { const m = process.memoryUsage(); memory.push({ rss: m.rss, heap: m.heapUsed }); }, 250);
  const t0 = performance.now();
  const loaded = await agentLoop(hub, seconds, workMs);
  const elapsed = (performance.now() - t0) / 1000;
  const published = loaded.steps.length * 10;
  await new Promise((r) => setTimeout(r, 1500)); // let the healthy clients drain
  clearInterval(sampler);
  worker.postMessage('report');
  const stats = (await waitFor('report')).stats!;
  worker.postMessage('close');
  await waitFor('closed');
  await worker.terminate();
  await server.close();

  const healthy = stats.filter((s) => s.healthy);
  const slowOnes = stats.filter((s) => !s.healthy);
  const lat = healthy.flatMap((s) => s.latencies);
  const runDocs = loaded.steps.length * 5;
  console.log(`load: ${clients} clients (${slow} not reading), ${published} messages in ${f2(elapsed)} s = ${Math.round(published / elapsed)} msg/s`);
  console.log(`healthy clients: ${f2(healthy.reduce((a, s) => a + s.received, 0) / healthy.length / elapsed)} msg/s each; run documents delivered ${healthy.reduce((a, s) => a + s.run, 0)}/${runDocs * healthy.length}; `
    + `latency p50 ${f2(quantile(lat, 0.5))} ms, p99 ${f2(quantile(lat, 0.99))} ms, max ${f2(quantile(lat, 1))} ms (target p99 ≤ 50 ms)`);
  console.log(`slow clients: read ${slowOnes.reduce((a, s) => a + s.received, 0)} messages in all (paused sockets); closed by the server with 1013: ${closedTooSlow} `
    + `(after 10 000 queued run documents, i.e. after ~20 s at 500 run documents/s)`);
  console.log(`agent step with clients: p50 ${f2(quantile(loaded.steps, 0.5))} ms, p99 ${f2(quantile(loaded.steps, 0.99))} ms (alone: p50 ${f2(quantile(baseline.steps, 0.5))}, ratio ${f2(quantile(loaded.steps, 0.5) / quantile(baseline.steps, 0.5))}); `
    + `publish p50 ${f2(quantile(loaded.publish, 0.5) * 1000)} µs, p99 ${f2(quantile(loaded.publish, 0.99) * 1000)} µs`);
  const rss = memory.map((m) => m.rss);
  const heap = memory.map((m) => m.heap);
  const half = Math.floor(memory.length / 2);
  console.log(`server memory: RSS max ${mb(Math.max(...rss))}, heap max ${mb(Math.max(...heap))}; heap mean first half ${mb(mean(heap.slice(0, half)))}, second half ${mb(mean(heap.slice(half)))}`);
}

interface ClientStats { healthy: boolean; received: number; run: number; latencies: number[]; closedCode: number | null }
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

function require_resolve(name: string): string {
  return import.meta.resolve(name).replace(/^file:\/\//, '');
}
