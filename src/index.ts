/**
 * The public surface of `ferroloop` (what `import … from 'ferroloop'` gives). Modules not re-exported here are
 * internal and may change without notice. TensorFlow.js-backed models (DKL, VAE) live in `ferroloop/models`
 * so that importing this entry never loads TensorFlow; instrument-driver test tools are in `ferroloop/testing`.
 */

// Errors: every error ferroloop throws extends FerroloopError and carries a stable `code`.
export { FerroloopError, InputError, SimError, type ErrorCode } from './errors.ts';
export { FERROLOOP_VERSION } from './version.ts';

// FerroSIM: the pure, seeded 2-D lattice model.
export { simulate, type SimResult } from './sim/simulate.ts';
export type { SimOptions, InitSpec, UpdateSpec, Integrator, Physics, Boundary, Engine } from './sim/sim-options.ts';
export { SimSpecSchema, DEFAULT_SIM_SPEC, specToOptions, fieldFromSpec, type SimSpec, type FieldSpec } from './sim/sim-spec.ts';
export { curl, curlAbsSum, meanPolarization, meanPolarizationMagnitude, hysteresisLoop, type HysteresisLoop } from './sim/observables.ts';
export {
  evaluateTrajectory, generateTrajectorySet, withEquilibration, runTimeVector, TRAJECTORY_BOX, type TrajectoryParams, type TrajectorySet,
} from './sim/trajectories.ts';
export { Rng } from './sim/rng.ts';

// Instruments: the contract, configs, the driver registry and plugins.
export type {
  Command, CommandKind, Instrument, InstrumentInfo, InstrumentLimits, MeasuredArray, Measurement, PoleCommand, ScanChannel,
  ScanCommand, SimulateCommand, SpectroscopyCommand,
} from './drivers/instrument.ts';
export { CHANNEL_UNITS, SCAN_CHANNELS } from './drivers/instrument.ts';
export { InstrumentError, ScpiError, TransportError } from './drivers/errors.ts';
export { InstrumentConfigSchema, parseInstrumentConfig, type InstrumentConfig } from './drivers/instrument-config.ts';
export { createInstrument, openInstrumentConfig, type InstrumentDeps, type OpenedInstrument } from './drivers/create-instrument.ts';
export {
  defineDriver, DRIVER_API_VERSION, type DriverContext, type DriverDefinition, type TransportRole,
} from './drivers/plugins/driver-definition.ts';
export { DriverRegistry } from './drivers/plugins/driver-registry.ts';
export { defaultRegistry } from './drivers/plugins/default-registry.ts';
export { PluginError } from './drivers/plugins/plugin-error.ts';
export { BUILTIN_DRIVERS, ferrosimDriver, microscopeSerialDriver, polingRigDriver, polingSerialDriver } from './drivers/builtin-drivers.ts';
export type { Transport } from './drivers/serial/transport.ts';
export { SerialTransport } from './drivers/serial/serial-transport.ts';
export { harmlessCommand } from './drivers/harmless-command.ts';

// The agent: campaigns from configs, or the RxJS loop itself with injected parts.
export { runCampaign, makeRunId, type CampaignRunOptions, type CampaignSummary } from './agents/campaign-runner.ts';
export { runAgent } from './agents/agent.ts';
export type { AgentConfig, AgentDeps, AgentEvent, AgentState, InstrumentPort, SurrogatePort } from './agents/agent-types.ts';
export { CampaignConfigSchema, type CampaignConfig } from './config.ts';
export { loadCampaignConfig, parseCampaignConfig, applyOverride } from './config-loader.ts';
export { listShippedConfigs, resolveConfigArg, SHIPPED_CONFIGS_DIR, type ShippedConfig } from './shipped-configs.ts';
export { ControlMessageSchema, type ControlMessage } from './events/control.ts';
export * from './agents/acquisition/index.ts';

// Models without TensorFlow.js: the exact GP (float64, wasm linear algebra) and the surrogate contract.
export { GpSurrogate, FittedGp, gpOptionsSchema, type GpOptions } from './models/gp/index.ts';
export { SequentialGpSurrogate } from './models/gp/sequential-gp.ts';
export { matrix, rowSlice, type Dataset, type FittedSurrogate, type Matrix, type Posterior, type Surrogate } from './models/surrogate.ts';

// Run logs: Bluesky event-model documents, one [name, document] pair per JSONL line.
export { RunLogWriter } from './runlog/run-log-writer.ts';
export { readRunLog, parseRunLog, RunLogError, type RunLogContents } from './runlog/run-log-reader.ts';
export type { NamedDocument, RunStart, RunStop, Descriptor, EventDoc, DataKey, ExitStatus } from './events/documents.ts';
