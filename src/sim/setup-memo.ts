/**
 * Resolved pieces of SimOptions shared between the runs of one batch, looked up by the identity of their inputs
 * (a sweep's tasks share one time grid, field, defect array and init spec). Valid only while nobody mutates those
 * inputs, e.g. during one synchronous batch of a worker message; create a fresh memo per batch.
 */
export class SetupMemo {
  private readonly entries = new Map<string, { readonly keys: readonly unknown[]; readonly value: unknown }>();

  /** The value stored under `slot` when every key is identical (===) to the stored keys; otherwise compute() and store it. */
  get<T>(slot: string, keys: readonly unknown[], compute: () => T): T {
    const hit = this.entries.get(slot);
    if (hit && hit.keys.length === keys.length && hit.keys.every((k, i) => k === keys[i])) return hit.value as T;
    const value = compute();
    this.entries.set(slot, { keys, value });
    return value;
  }
}
