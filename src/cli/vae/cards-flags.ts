/** The cards options shared by `vae train`, `encode` and `decode` flags. */
import { intFlag, numberFlag } from '../cli-args.ts';
import type { CardsOptions } from '../../data/cards.ts';

export function cardsFromFlags(values: { count?: string; size?: string; rotation?: string; shear?: string; seed?: string }): CardsOptions {
  return {
    count: intFlag('count', values.count, 4000, 2, 200_000),
    size: intFlag('size', values.size, 48, 8, 256),
    maxRotationDeg: numberFlag('rotation', values.rotation, 120),
    maxShearDeg: numberFlag('shear', values.shear, 20),
    seed: intFlag('seed', values.seed, 0, 0, 2 ** 31 - 1),
  };
}
