/** Compact number text for labels: 4 significant digits, exponent form for very large/small values, '–' for NaN. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e5 || abs < 1e-3) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

/** Clock time hh:mm:ss (UTC) of a ms-since-epoch timestamp. */
export function formatClock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}
