/**
 * The trajectory VAE (900 → hidden → 2-D latent → hidden → 900 by default): train, encode to latent means,
 * decode, decode a latent grid, reconstruction error, save/load. Plain Float64Array matrices at the edges.
 */
import * as tf from '@tensorflow/tfjs';
import { matrix, type Matrix } from '../surrogate.ts';
import { decodeTensor, disposeVaeNetwork, encodeTensors, type VaeNetwork } from './vae-network.ts';
import { trainVae, type CurveMatrix, type VaeScaling } from './vae-train.ts';
import type { ResolvedVaeOptions, VaeEpochReport, VaeOptions, VaeTrainHooks } from './vae-options.ts';
import { initTfBackend } from '../tf/tf-backend.ts';
import { FerroloopError } from '../../errors.ts';

/** Axis-aligned box in a 2-D latent space. */
export interface LatentBounds {
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
}

/** Everything that defines a trained VAE apart from its weights (what save/load round-trips). */
export interface VaeState {
  readonly network: VaeNetwork;
  readonly scaling: VaeScaling;
  readonly options: ResolvedVaeOptions;
  readonly history: readonly VaeEpochReport[];
  readonly bestEpoch: number;
  /** Bounding box of the training curves' latent means (first two latent axes). */
  readonly latentBounds: LatentBounds;
}

const CHUNK = 1024;

export class TrajectoryVae {
  private disposed = false;

  constructor(private readonly state: VaeState) {}

  /** Trains on `curves` (rows x samples) on the active tfjs backend (initialised if needed). */
  static async train(curves: CurveMatrix, options: VaeOptions = {}, hooks: VaeTrainHooks = {}): Promise<TrajectoryVae> {
    await initTfBackend();
    const trained = await trainVae(curves, options, hooks);
    try {
      const means = encodeWith(trained.network, trained.scaling, curves);
      return new TrajectoryVae({ ...trained, latentBounds: boundingBox(means) });
    } catch (err) {
      disposeVaeNetwork(trained.network);
      throw err;
    }
  }

  get inputDim(): number {
    return this.state.network.arch.inputDim;
  }

  get latentDim(): number {
    return this.state.network.arch.latentDim;
  }

  get latentBounds(): LatentBounds {
    return this.state.latentBounds;
  }

  get history(): readonly VaeEpochReport[] {
    return this.state.history;
  }

  /** The (read-only) state, for the save/load module. */
  get snapshot(): VaeState {
    this.check();
    return this.state;
  }

  /** Latent means of q(z|x): rows x latentDim. */
  encode(curves: CurveMatrix): Matrix {
    this.check();
    return encodeWith(this.state.network, this.state.scaling, curves);
  }

  /** Decoder means for latent points z (m x latentDim), in the curves' original units: m x inputDim. */
  decode(z: Matrix): Matrix {
    this.check();
    if (z.cols !== this.latentDim) throw new RangeError(`decode: z has ${z.cols} columns, latent has ${this.latentDim}`);
    const { mean, std } = this.state.scaling;
    const out = new Float64Array(z.rows * this.inputDim);
    for (let s = 0; s < z.rows; s += CHUNK) {
      const rows = Math.min(CHUNK, z.rows - s);
      const t = tf.tidy(() => decodeTensor(this.state.network, tf.tensor2d(Float32Array.from(z.data.subarray(s * z.cols, (s + rows) * z.cols)), [rows, z.cols])));
      const values = t.dataSync();
      t.dispose();
      for (let i = 0; i < values.length; i++) out[s * this.inputDim + i] = values[i] * std + mean;
    }
    return matrix(z.rows, this.inputDim, out);
  }

  /**
   * Decodes an nx x ny grid spanning `bounds` (default: the training latent box); point (i, j) is row j·nx + i,
   * at z = (x_i, y_j) with x_i = lo + i·(hi − lo)/(nx − 1). Needs a 2-D latent.
   */
  decodeGrid(nx: number, ny: number, bounds: LatentBounds = this.state.latentBounds): { z: Matrix; curves: Matrix } {
    if (this.latentDim !== 2) throw new RangeError(`decodeGrid needs a 2-D latent, this one has ${this.latentDim}`);
    if (!Number.isInteger(nx) || !Number.isInteger(ny) || nx < 1 || ny < 1) throw new RangeError(`decodeGrid: bad grid ${nx} x ${ny}`);
    const z = new Float64Array(2 * nx * ny);
    const at = (r: readonly [number, number], k: number, n: number) => (n === 1 ? (r[0] + r[1]) / 2 : r[0] + (k * (r[1] - r[0])) / (n - 1));
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        z[2 * (j * nx + i)] = at(bounds.x, i, nx);
        z[2 * (j * nx + i) + 1] = at(bounds.y, j, ny);
      }
    }
    const zm = matrix(nx * ny, 2, z);
    return { z: zm, curves: this.decode(zm) };
  }

  /** Per-curve mean squared error of decode(encode(x)) against x, in original units (length rows). */
  reconstructionError(curves: CurveMatrix): Float64Array {
    const rec = this.decode(this.encode(curves));
    const err = new Float64Array(curves.rows);
    for (let r = 0; r < curves.rows; r++) {
      let s = 0;
      for (let c = 0; c < curves.cols; c++) s += (rec.data[r * curves.cols + c] - curves.data[r * curves.cols + c]) ** 2;
      err[r] = s / curves.cols;
    }
    return err;
  }

  /** Releases the network's tensors; the model must not be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeVaeNetwork(this.state.network);
  }

  private check(): void {
    if (this.disposed) throw new FerroloopError('MODEL_INVALID', 'TrajectoryVae used after dispose()');
  }
}

function encodeWith(net: VaeNetwork, scaling: VaeScaling, curves: CurveMatrix): Matrix {
  if (curves.cols !== net.arch.inputDim) throw new RangeError(`encode: curves have ${curves.cols} samples, the VAE ${net.arch.inputDim}`);
  const L = net.arch.latentDim;
  const out = new Float64Array(curves.rows * L);
  for (let s = 0; s < curves.rows; s += CHUNK) {
    const rows = Math.min(CHUNK, curves.rows - s);
    const x = new Float32Array(rows * curves.cols);
    for (let i = 0; i < x.length; i++) x[i] = (curves.data[s * curves.cols + i] - scaling.mean) / scaling.std;
    const mu = tf.tidy(() => encodeTensors(net, tf.tensor2d(x, [rows, curves.cols])).mu);
    out.set(mu.dataSync(), s * L);
    mu.dispose();
  }
  return matrix(curves.rows, L, out);
}

function boundingBox(z: Matrix): LatentBounds {
  const lo = [Infinity, Infinity];
  const hi = [-Infinity, -Infinity];
  for (let r = 0; r < z.rows; r++) {
    for (let k = 0; k < Math.min(2, z.cols); k++) {
      lo[k] = Math.min(lo[k], z.data[r * z.cols + k]);
      hi[k] = Math.max(hi[k], z.data[r * z.cols + k]);
    }
  }
  return { x: [lo[0], hi[0]], y: z.cols > 1 ? [lo[1], hi[1]] : [0, 0] };
}
