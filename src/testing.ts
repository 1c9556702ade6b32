/**
 * `ferroloop/testing`: what a driver author needs to test an instrument the way ferroloop tests its own —
 * the instrument contract suite (node:test) and the scripted in-memory serial transport.
 */
export { describeInstrument, hasCode, type InstrumentFixture } from './testing/instrument-contract.ts';
export { MemoryTransport, createMemoryPair, type MemoryPair } from './drivers/serial/memory-transport.ts';
export { harmlessCommand } from './drivers/harmless-command.ts';
