import { BUILTIN_DRIVERS } from '../builtin-drivers.ts';
import { DriverRegistry } from './driver-registry.ts';

/** The registry every campaign uses unless told otherwise: the built-in drivers. */
export const defaultRegistry = new DriverRegistry(BUILTIN_DRIVERS);
