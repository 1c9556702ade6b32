import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';

type Validate = ((spec: unknown) => boolean) & { errors?: unknown };
let validate: Validate | undefined;

/** Validation errors of a spec against the Vega-Lite JSON schema shipped with the vega-lite package ([] = valid). */
export function vegaLiteErrors(spec: unknown): string[] {
  if (!validate) {
    const require = createRequire(import.meta.url);
    const schema = JSON.parse(readFileSync(join(dirname(require.resolve('vega-lite')), 'vega-lite-schema.json'), 'utf8'));
    const ajv = new (Ajv as unknown as typeof Ajv.default)({ strict: false, allErrors: false, allowUnionTypes: true });
    validate = ajv.compile(schema) as unknown as Validate;
  }
  return validate!(spec) ? [] : [JSON.stringify(validate!.errors).slice(0, 2000)];
}
