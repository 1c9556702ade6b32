/**
 * Arrays in event data are stored nested as their data key declares (numpy's `np.asarray(v).shape ==
 * tuple(shape)`): a row-major flat buffer of shape [3, 32] becomes 3 lists of 32 numbers.
 */
export type Nested = number | Nested[];

/** The row-major `flat` values as nested lists of `shape` (shape's product must equal flat.length). */
export function nestArray(flat: ArrayLike<number>, shape: readonly number[]): Nested[] {
  const size = shape.reduce((a, b) => a * b, 1);
  if (shape.length === 0 || size !== flat.length) throw new RangeError(`cannot nest ${flat.length} values as [${shape.join(', ')}]`);
  const build = (dim: number, offset: number): Nested[] => {
    const stride = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    return Array.from({ length: shape[dim] }, (_, i) => (dim === shape.length - 1 ? flat[offset + i] : build(dim + 1, offset + i * stride)));
  };
  return build(0, 0);
}

/** The shape and row-major values of a rectangular nested list of numbers; undefined when ragged or not numeric. */
export function flattenNested(value: unknown): { shape: number[]; data: number[] } | undefined {
  const shape: number[] = [];
  for (let v: unknown = value; Array.isArray(v); v = v[0]) shape.push(v.length);
  const data: number[] = [];
  const walk = (v: unknown, dim: number): boolean => {
    if (dim === shape.length) {
      if (typeof v !== 'number') return false;
      data.push(v);
      return true;
    }
    return Array.isArray(v) && v.length === shape[dim] && v.every((x) => walk(x, dim + 1));
  };
  return walk(value, 0) ? { shape, data } : undefined;
}
