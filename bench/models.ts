/**
 * `npm run bench -- models [--vae-epochs N]`: the tfjs backend in use, GP figures (bench/models/gp.ts, when
 * present), then the TensorFlow.js figures of bench/models/tf.ts. The machine is shared: figures are noisy.
 */
import { describe, initTfBackend } from '../src/models/tf/tf-backend.ts';
import { benchTf } from './models/tf.ts';

export async function main(args: string[]): Promise<void> {
  const info = await initTfBackend({ log: () => {} });
  console.log(describe(info));
  await runGp();
  await benchTf(args);
}

async function runGp(): Promise<void> {
  let mod: { benchGp?: () => Promise<void> | void };
  try {
    const path = './models/gp.ts';
    mod = (await import(path)) as typeof mod;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND') {
      console.log('GP: skipped (bench/models/gp.ts is not there yet)');
      return;
    }
    throw err;
  }
  if (typeof mod.benchGp !== 'function') {
    console.log('GP: skipped (bench/models/gp.ts exports no benchGp)');
    return;
  }
  await mod.benchGp();
}
