import type { DriverDefinition } from './driver-definition.ts';
import { checkDefinition } from './driver-definition.ts';
import { PluginError } from './plugin-error.ts';

/** Drivers by name. The built-ins are registered in `defaultRegistry`; plugins are loaded per config. */
export class DriverRegistry {
  private readonly drivers = new Map<string, DriverDefinition>();

  constructor(definitions: readonly DriverDefinition<never>[] = []) {
    for (const d of definitions) this.register(d);
  }

  /** Adds a driver; a second driver of the same name is refused. */
  register(definition: DriverDefinition<never>): this {
    checkDefinition(definition, `driver '${String((definition as { name?: unknown }).name)}'`);
    if (this.drivers.has(definition.name)) throw new PluginError(`a driver named '${definition.name}' is already registered`);
    this.drivers.set(definition.name, definition as DriverDefinition);
    return this;
  }

  /** The driver of that name, or undefined. */
  get(name: string): DriverDefinition | undefined {
    return this.drivers.get(name);
  }

  /** Registered names, in registration order. */
  names(): string[] {
    return [...this.drivers.keys()];
  }
}
