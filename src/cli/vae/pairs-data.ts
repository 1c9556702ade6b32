/**
 * The paired data `ferroloop vae train|predict --model im2spec|spec2im` read: a `.npz` (structure N × [C ×] P × P, spectra
 * N × M, optional bias, descriptor, pixels; see `ferroloop twin pairs --help`) or `twin` (measured on the twin of a
 * W3 config, as `ferroloop twin pairs` does), optionally restricted to one half of the scan.
 */
import { readFile } from 'node:fs/promises';
import { InputError } from '../../errors.ts';
import { structureSize, type PairedData } from '../../data/pairs-npz.ts';
import { gather } from '../../models/structure-property/im2spec-data.ts';
import type { ImageHalf } from '../../models/structure-property/within-image.ts';
import { intFlag } from '../cli-args.ts';

export interface PairsFlags {
  readonly config?: string;
  readonly set?: string[];
  readonly count?: string;
  readonly 'pair-seed'?: string;
  readonly workers?: string;
  readonly half?: string;
  readonly channels?: string;
}

/** Loaded pairs, where they came from and the descriptor they were scored with (when known). */
export interface LoadedPairs {
  readonly pairs: PairedData;
  readonly source: string;
  readonly descriptor?: string;
}

/** Reads `--data` (FILE.npz or twin) and applies `--half left|right`. */
export async function loadPairs(data: string, flags: PairsFlags): Promise<LoadedPairs> {
  let loaded: LoadedPairs;
  if (data === 'twin') {
    const { resolveConfigArg } = await import('../../shipped-configs.ts');
    const { loadCampaignConfig } = await import('../../config-loader.ts');
    const { readConfigText } = await import('../read-text-file.ts');
    const { w3PairsOptions, twinPairsAsPaired, channelsFlag } = await import('../../agents/workflows/twin-pairs-config.ts');
    const { twinPairs } = await import('../../agents/workflows/twin-pairs.ts');
    const name = flags.config ?? 'dkl-microscope';
    const cfg = loadCampaignConfig(await readConfigText(resolveConfigArg(name), 'config'), name, flags.set ?? []);
    const p = await twinPairs({
      ...w3PairsOptions(cfg, name), channels: channelsFlag(flags.channels), count: intFlag('count', flags.count, 500, 1, 1_000_000), seed: intFlag('pair-seed', flags['pair-seed'], 0, 0, 2 ** 31 - 1),
    }, { workers: flags.workers === undefined ? undefined : intFlag('workers', flags.workers, 1, 1, 256) });
    loaded = { pairs: twinPairsAsPaired(p), source: `twin:${name}`, descriptor: p.options.descriptor };
  } else {
    if (!data.endsWith('.npz')) throw new InputError('--data', `expected twin or a .npz file, got '${data}'`);
    for (const f of ['config', 'set', 'count', 'pair-seed', 'workers', 'channels'] as const) if (flags[f] !== undefined) throw new InputError(`--${f}`, 'applies to --data twin');
    let bytes: Uint8Array;
    try {
      bytes = await readFile(data);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new InputError(data, code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (err as Error).message})`, { cause: err, code: 'FILE_UNREADABLE' });
    }
    const { parsePairsNpz } = await import('../../data/pairs-npz.ts');
    loaded = { pairs: parsePairsNpz(bytes, data), source: data };
  }
  if (flags.half === undefined) return loaded;
  if (flags.half !== 'left' && flags.half !== 'right') throw new InputError('--half', `expected left or right, got '${flags.half}'`);
  const { halfRows } = await import('../../models/structure-property/within-image.ts');
  return { ...loaded, pairs: subset(loaded.pairs, halfRows(loaded.pairs, flags.half as ImageHalf)) };
}

/** The pairs of `rows` only. */
export function subset(p: PairedData, rows: ArrayLike<number>): PairedData {
  return {
    count: rows.length, patch: p.patch, points: p.points, bias: p.bias, ...(p.channels !== undefined ? { channels: p.channels } : {}),
    structure: gather(p.structure, structureSize(p), rows), spectra: gather(p.spectra, p.points, rows),
    descriptor: gather(p.descriptor, 1, rows), ...(p.pixels ? { pixels: gather(p.pixels, 2, rows) } : {}),
  };
}
