/**
 * TensorFlow.js backend selection: `@tensorflow/tfjs-node` when it loads, else `@tensorflow/tfjs-backend-wasm`
 * (binary located on disk, no network), else the pure-JS `cpu` backend. The choice is logged once. On wasm the
 * transposition-free matMul kernels and the Conv2DBackpropFilter kernel of ./tf/ are installed.
 */
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import { z } from 'zod';
import { InputError } from '../../errors.ts';
import { installWasmKernelFixes } from './wasm-kernel-fixes.ts';

/** Backends ferroloop can run on, in order of preference. */
export type TfBackendName = 'node' | 'wasm' | 'cpu';

const BackendNameSchema = z.enum(['node', 'wasm', 'cpu']);

export interface TfBackendOptions {
  /** Preferred backend (falls back down the list node → wasm → cpu); default env FERROLOOP_TF_BACKEND, else 'node'. */
  readonly prefer?: TfBackendName;
  /** Where the one-line choice is reported (default: stderr). */
  readonly log?: (line: string) => void;
}

export interface TfBackendInfo {
  /** Backend in use. */
  readonly name: TfBackendName;
  /** tfjs's own backend name ('tensorflow', 'wasm', 'cpu'). */
  readonly tfName: string;
  /** Why preferred backends were skipped (empty when the first choice loaded). */
  readonly skipped: readonly string[];
  /** Kernels/gradients ferroloop replaced on this backend. */
  readonly fixes: readonly string[];
  readonly simd: boolean;
  readonly threads: boolean;
}

let current: Promise<TfBackendInfo> | undefined;
let currentPrefer: TfBackendName | undefined;

/** Reads FERROLOOP_TF_BACKEND; throws InputError naming the variable when it is not node|wasm|cpu. */
export function backendFromEnv(env: NodeJS.ProcessEnv = process.env): TfBackendName | undefined {
  const raw = env.FERROLOOP_TF_BACKEND;
  if (raw === undefined || raw === '') return undefined;
  const parsed = BackendNameSchema.safeParse(raw.trim().toLowerCase());
  if (!parsed.success) throw new InputError('FERROLOOP_TF_BACKEND', `expected node|wasm|cpu, got '${raw}'`);
  return parsed.data;
}

/**
 * Initialises tfjs once per process (later calls return the same result unless a different `prefer` is
 * passed, which switches backend). Safe to call from every model before touching tensors.
 */
export function initTfBackend(options: TfBackendOptions = {}): Promise<TfBackendInfo> {
  const prefer = options.prefer ?? backendFromEnv() ?? 'node';
  if (current !== undefined && (options.prefer === undefined || prefer === currentPrefer)) return current;
  currentPrefer = prefer;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  current = select(prefer).then((info) => {
    log(describe(info));
    return info;
  });
  return current;
}

/**
 * One quiet line naming the backend in use: e.g. `[ferroloop] tfjs backend: wasm (SIMD; tfjs-node not installed)`.
 * A preferred backend that is simply absent is named as such; one that is installed but failed keeps its reason.
 * The kernel fixes are in `info.fixes`, not in the line.
 */
export function describe(info: TfBackendInfo): string {
  const skipped = info.skipped.map((s) => {
    const [name, ...rest] = s.split(': ');
    const reason = rest.join(': ');
    const pkg = name === 'node' ? 'tfjs-node' : `tfjs-backend-${name}`;
    return /Cannot find (package|module)|ERR_MODULE_NOT_FOUND/.test(reason) ? `${pkg} not installed` : `${pkg} failed: ${reason}`;
  });
  const extras = [
    info.name === 'wasm' ? [info.simd ? 'SIMD' : 'no SIMD', ...(info.threads ? ['threads'] : [])].join(', ') : '',
    ...skipped,
  ].filter((s) => s !== '');
  return `[ferroloop] tfjs backend: ${info.name}${extras.length > 0 ? ` (${extras.join('; ')})` : ''}`;
}

async function select(prefer: TfBackendName): Promise<TfBackendInfo> {
  const order: TfBackendName[] = prefer === 'node' ? ['node', 'wasm', 'cpu'] : prefer === 'wasm' ? ['wasm', 'cpu'] : ['cpu'];
  const skipped: string[] = [];
  for (const name of order) {
    try {
      const tfName = await activate(name);
      const fixes = tfName === 'wasm' ? installWasmKernelFixes() : [];
      return {
        name,
        tfName,
        skipped,
        fixes,
        simd: tfName === 'wasm' && tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
        threads: tfName === 'wasm' && tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'),
      };
    } catch (err) {
      skipped.push(`${name}: ${firstLine(err)}`);
    }
  }
  throw new Error(`no TensorFlow.js backend could be initialised (${skipped.join('; ')})`);
}

/** Loads and activates one backend; returns tfjs's name for it or throws. */
async function activate(name: TfBackendName): Promise<string> {
  if (name === 'node') {
    // A variable specifier keeps TypeScript from requiring the (optional, usually absent) package's types.
    const specifier = '@tensorflow/tfjs-node';
    await import(specifier);
    if (!(await tf.setBackend('tensorflow'))) throw new Error('tfjs-node loaded but its backend did not start');
    return 'tensorflow';
  }
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(wasmDistDir());
    if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend did not start');
    await tf.ready();
    return 'wasm';
  }
  if (!(await tf.setBackend('cpu'))) throw new Error('cpu backend did not start');
  return 'cpu';
}

/** The folder holding tfjs-backend-wasm's .wasm binaries, with a trailing separator (setWasmPaths prefix form). */
export function wasmDistDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + sep;
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0];
}
