/** The four FerroSIM free-energy modes and their Landau defaults (docs/ferrosim.md). */
export const MODES = ['tetragonal', 'rhombohedral', 'squareelectric', 'uniaxial'] as const;
export type Mode = (typeof MODES)[number];

/** Landau coefficients α1, α2, α3 (α3 unused by squareelectric and uniaxial). */
export interface LandauParams {
  readonly alpha1: number;
  readonly alpha2: number;
  readonly alpha3: number;
}

/** Curie temperature T0 of the reference's optional temperature scaling. */
const CURIE_T0 = 400;

/** The reference's default Landau coefficients for a mode. */
export function defaultLandau(mode: Mode): LandauParams {
  switch (mode) {
    case 'tetragonal':
      return { alpha1: -1.6, alpha2: 12.2, alpha3: 40.0 };
    case 'rhombohedral':
      return { alpha1: -10.6, alpha2: 10.2, alpha3: -10.0 };
    case 'squareelectric':
    case 'uniaxial':
      return { alpha1: -1.85, alpha2: 1.25, alpha3: 0 };
  }
}

/**
 * Landau coefficients after the reference's temperature scaling: with default coefficients
 * α1 ← −α1·(T − T0), with user coefficients α1 ← α1·(T − T0); no scaling when temp is undefined.
 */
export function resolveLandau(mode: Mode, user: Partial<LandauParams> | undefined, temp?: number): LandauParams {
  const base = user === undefined ? defaultLandau(mode) : { ...defaultLandau(mode), ...user };
  if (temp === undefined) return base;
  const scale = temp - CURIE_T0;
  const alpha1 = user === undefined ? -base.alpha1 * scale : base.alpha1 * scale;
  return { ...base, alpha1 };
}

/** Nominal coercive field Ec = −(2/3)·α1·sqrt(|α1/(3α2)|) (squareelectric convention, bug B5). */
export function coerciveField(p: LandauParams): number {
  return (-2 / 3) * p.alpha1 * Math.sqrt(Math.abs(-p.alpha1 / (3 * p.alpha2)));
}

/** The reference's intended remanent value p_r = −sqrt(|α1/α2|), placed on the y component. */
export function remanentPolarization(p: LandauParams): number {
  return -Math.sqrt(Math.abs(-p.alpha1 / p.alpha2));
}
