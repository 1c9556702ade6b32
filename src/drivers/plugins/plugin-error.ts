import { FerroloopError } from '../../errors.ts';

/** A driver plugin that cannot be used: not found, malformed, wrong API version, missing capabilities. */
export class PluginError extends FerroloopError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('PLUGIN_INVALID', message, options);
  }
}
