/**
 * Standard-normal functions accurate in the tails: erfcx by Taylor series (x < 2) or Lentz continued fraction
 * (x ≥ 2), Φ, log Φ, φ, and BoTorch's log h(u) = log(φ(u) + uΦ(u)) used by log-EI (Ament et al. 2023).
 */

const SQRT2 = Math.SQRT2;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** Scaled complementary error function exp(x²)·erfc(x), finite for every x. */
export function erfcx(x: number): number {
  if (x < 0) return 2 * Math.exp(x * x) - erfcx(-x);
  if (x < 2) return Math.exp(x * x) * (1 - erfSeries(x));
  // erfc(x) = exp(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), modified Lentz.
  const tiny = 1e-300;
  let f = x;
  let C = x;
  let D = 0;
  for (let k = 1; k < 300; k++) {
    const a = k / 2;
    D = x + a * D;
    D = D === 0 ? 1 / tiny : 1 / D;
    C = x + a / C;
    if (C === 0) C = tiny;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 / (Math.sqrt(Math.PI) * f);
}

/** erf(x) = 2/√π Σ (−1)ⁿ x^(2n+1) / (n! (2n+1)) (used for |x| < 2, ≤ 1e-14 absolute error). */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= -x2 / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * sum;
}

/** erfc(x). */
export function erfc(x: number): number {
  return x >= 0 ? Math.exp(-x * x) * erfcx(x) : 2 - Math.exp(-x * x) * erfcx(-x);
}

/** Standard normal density φ(u). */
export function normPdf(u: number): number {
  return Math.exp(-0.5 * u * u - LOG_SQRT_2PI);
}

/** log φ(u). */
export function logNormPdf(u: number): number {
  return -0.5 * u * u - LOG_SQRT_2PI;
}

/** Standard normal distribution function Φ(u) = ½ erfc(−u/√2). */
export function normCdf(u: number): number {
  return 0.5 * erfc(-u / SQRT2);
}

/** log Φ(u), accurate for very negative u (no underflow) and for large u (via log1p). */
export function logNormCdf(u: number): number {
  if (u < -1) return Math.log(0.5 * erfcx(-u / SQRT2)) - 0.5 * u * u;
  return Math.log1p(-0.5 * erfc(u / SQRT2));
}

/** h(u) = φ(u) + uΦ(u) (the EI of a unit-variance Gaussian at standardised improvement u). */
export function eiHelper(u: number): number {
  return normPdf(u) + u * normCdf(u);
}

/**
 * log h(u), stable for all u (BoTorch `_log_ei_helper`): direct for u > −1; otherwise
 * log φ(u) + log(1 − exp(w)) with w = log(|u|Φ(u)/φ(u)) = log(|u|·erfcx(−u/√2)·√(π/2)), and the asymptote
 * log φ(u) − 2 log|u| below −1/√ε.
 */
export function logEiHelper(u: number): number {
  if (u > -1) return Math.log(eiHelper(u));
  if (u < -1 / Math.sqrt(Number.EPSILON)) return logNormPdf(u) - 2 * Math.log(-u);
  const w = Math.log(-u * erfcx(-u / SQRT2)) + 0.5 * Math.log(Math.PI / 2);
  return logNormPdf(u) + log1mexp(w);
}

/** log(1 − exp(w)) for w < 0 (Mächler 2012). */
export function log1mexp(w: number): number {
  return w > -Math.LN2 ? Math.log(-Math.expm1(w)) : Math.log1p(-Math.exp(w));
}
