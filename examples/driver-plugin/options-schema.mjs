// The driver's options as a hand-written Standard Schema (https://standardschema.dev): ferroloop validates
// plugin options through the `~standard` interface, so a plugin needs no particular validation library.

const DEFAULTS = { seed: 1, sizeUm: 5, pixels: [48, 48], maxVolts: 10, grains: 12, noise: 0.01 };

/** Validates one number option; returns an issue or undefined. */
function checkNumber(value, key, { min, max, integer = false }) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return { message: 'must be a finite number', path: [key] };
  if (integer && !Number.isInteger(value)) return { message: 'must be an integer', path: [key] };
  if (value < min || value > max) return { message: `must be in [${min}, ${max}]`, path: [key] };
  return undefined;
}

/** Options: seed (sample), sizeUm (scan edge, µm), pixels ([nx, ny] default scan), maxVolts (tip), grains, noise. */
export const toySpmOptions = {
  '~standard': {
    version: 1,
    vendor: 'ferroloop-driver-toy-spm',
    validate(input) {
      if (typeof input !== 'object' || input === null || Array.isArray(input)) return { issues: [{ message: 'must be an object' }] };
      const issues = [];
      for (const key of Object.keys(input)) {
        if (!(key in DEFAULTS)) issues.push({ message: `unknown option (expected one of ${Object.keys(DEFAULTS).join(', ')})`, path: [key] });
      }
      const value = { ...DEFAULTS, ...input };
      const rules = { seed: { min: 0, max: 2 ** 31, integer: true }, sizeUm: { min: 0.1, max: 100 }, maxVolts: { min: 0.1, max: 100 },
        grains: { min: 1, max: 200, integer: true }, noise: { min: 0, max: 1 } };
      for (const [key, rule] of Object.entries(rules)) {
        const issue = checkNumber(value[key], key, rule);
        if (issue) issues.push(issue);
      }
      const p = value.pixels;
      if (!Array.isArray(p) || p.length !== 2) issues.push({ message: 'must be [nx, ny]', path: ['pixels'] });
      else p.forEach((v, i) => { const issue = checkNumber(v, i, { min: 4, max: 512, integer: true }); if (issue) issues.push({ ...issue, path: ['pixels', i] }); });
      return issues.length ? { issues } : { value };
    },
  },
};
