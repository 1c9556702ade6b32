/** `ferroloop twin pairs`: W3's patches and loops at N pixels of the twin, written as a numpy .npz. */
import { InputError } from '../../errors.ts';
import { intFlag, parseCliArgs } from '../cli-args.ts';
import { ProgressBar } from '../../util/progress-bar.ts';

const HELP = `usage: ferroloop twin pairs --out FILE.npz [--config CONFIG] [--count N] [options]

Scans the twin of a W3 (dkl-microscope) config once, cuts the patch around N pixels (standardised
by the image's mean and std, as W3's features) and runs switching spectroscopy at each pixel from
the pristine sample. Writes a numpy .npz (np.load reads it):
  structure   N × C × P × P  float32   the patches, one plane per channel (row = y); N × P × P
                                     for one channel
  spectra     N × M      float32   the scored response (workflow.response: off- or on-field) vs bias
  bias        M          float32   the triangular bias cycle (V at the tip)
  descriptor  N          float32   the loop descriptor (workflow.descriptor) as W3 computes it
  pixels      N × 2      float32   (ix, iy) of each pair's centre pixel

options:
  --out FILE        output .npz (required)
  --config CONFIG   a dkl-microscope config file or shipped name (default dkl-microscope): its
                    instrument.twin, workflow.scan, patch, spectroscopy, descriptor and response
  --set path=value  override a config key, e.g. --set workflow.patch=6 --set instrument.twin.seed=4
  --channels LIST   scan channels per patch, in order (default AMPL,PX,PY; any of TOPO, AMPL,
                    PHAS, PX, PY; AMPL alone is W3's own feature)
  --count N         pairs, drawn without replacement from the candidate pixels (default: all)
  --seed S          seed of the draw (default 0)
  --workers N       worker threads for the loops (default: all cores)
  --quiet           no progress bar`;

export async function runTwinPairs(args: string[]): Promise<number> {
  const { values } = parseCliArgs(args, {
    out: { type: 'string' }, config: { type: 'string' }, set: { type: 'string', multiple: true }, count: { type: 'string' },
    seed: { type: 'string' }, workers: { type: 'string' }, channels: { type: 'string' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (values.out === undefined) throw new InputError('--out', 'is required (the .npz to write)');
  const { resolveConfigArg } = await import('../../shipped-configs.ts');
  const { loadCampaignConfig } = await import('../../config-loader.ts');
  const { readConfigText } = await import('../read-text-file.ts');
  const name = values.config ?? 'dkl-microscope';
  const path = resolveConfigArg(name);
  const cfg = loadCampaignConfig(await readConfigText(path, 'config'), name, values.set ?? []);
  const { w3PairsOptions, twinPairsAsPaired, channelsFlag } = await import('../../agents/workflows/twin-pairs-config.ts');
  const base = { ...w3PairsOptions(cfg, name), channels: channelsFlag(values.channels) };
  const count = values.count === undefined ? undefined : intFlag('count', values.count, 1, 1, 1_000_000);
  const workers = values.workers === undefined ? undefined : intFlag('workers', values.workers, 1, 1, 256);
  const { twinPairs } = await import('../../agents/workflows/twin-pairs.ts');
  let bar: ProgressBar | undefined;
  const t0 = performance.now();
  const pairs = await twinPairs({ ...base, count, seed: intFlag('seed', values.seed, 0, 0, 2 ** 31 - 1) }, {
    workers,
    onProgress: (done, total) => {
      if (values.quiet || !process.stderr.isTTY) return;
      bar ??= new ProgressBar({ total, label: 'loops' });
      bar.update(done);
    },
  });
  const { formatPairsNpz } = await import('../../data/pairs-npz.ts');
  const { writeFileAtomic } = await import('../../util/write-file-atomic.ts');
  writeFileAtomic(values.out, formatPairsNpz(twinPairsAsPaired(pairs)));
  process.stderr.write(
    `${pairs.count} pairs (${pairs.channels.join('+')} ${pairs.patch}×${pairs.patch} patches, ${pairs.options.response}-field loops of ${pairs.points} points, ${pairs.options.descriptor}) ` +
      `in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${values.out}\n`,
  );
  return 0;
}
