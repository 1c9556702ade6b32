import { FerroloopError } from '../errors.ts';
import type { WireErrorCode } from './envelope.ts';

/** An error the server answers with an `error` envelope (or an HTTP status) carrying `wireCode`. */
export class ServerError extends FerroloopError {
  constructor(readonly wireCode: WireErrorCode, message: string, options?: { cause?: unknown }) {
    super('SERVER_ERROR', message, options);
  }
}
