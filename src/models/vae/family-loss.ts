/**
 * Negative ELBOs of the VAE family, averaged over the batch (nats per sample):
 * - vae, cvae, rvae: −log p(x|z) + β·(KL_z + KL_γ + KL_Δ) with z = μ + σ·ε;
 * - jvae, jrvae: −log p(x|z, y) + γ_z·|KL_z + KL_γ + KL_Δ − C_z(t)| + γ_α·|KL_α − C_α(t)|, y a Gumbel-softmax sample
 *   at temperature τ (discrete 'gumbel') or enumerated, −Σ_y q(y|x) log p(x|z, y) (discrete 'enumerate'), capacities
 *   ramped linearly over iterations t and C_α ≤ log K; optionally + balance·KL(q̄ ‖ uniform) of the batch-mean q̄;
 * - ssvae: y enumerated exactly for unlabelled rows (weights q(y|x), plus KL(q(y|x) ‖ uniform)), observed for
 *   labelled rows (plus auxWeight · cross-entropy of the classifier).
 * The angle's KL is against N(0, σ_p²) (angleKl 'variance': without the mean term, only its uncertainty
 * penalised). With a rotated copy in the batch, the loss adds the angle-consistency term
 * angleConsistency · mean(1 − cos(μ_φ(R_δ x) − μ_φ(x) − δ)): the encoder's angle must turn with the image.
 */
import * as tf from '@tensorflow/tfjs';
import { classify, decode, encode, type FamilyNetwork } from './family-network.ts';

/** One minibatch: x (B × P) in data units, optional condition (B × C), labels (B; −1 = unlabelled), noise. */
export interface FamilyBatch {
  readonly x: tf.Tensor2D;
  readonly condition?: tf.Tensor2D;
  /** ssvae: label per row, −1 when unknown. */
  readonly labels?: Int32Array;
  /** Standard normal noise B × gaussian (ssvae: (K·B) × gaussian). */
  readonly eps: tf.Tensor2D;
  /** Uniform(0, 1) noise B × K for the Gumbel-softmax sample (jvae/jrvae). */
  readonly uniform?: tf.Tensor2D;
  /** Minibatch iterations done before this one (drives the capacity ramps). */
  readonly iteration: number;
  /** The batch's images turned by δ (B × P) and the angles δ (B, radians) for the angle-consistency term. */
  readonly rotated?: { readonly x: tf.Tensor2D; readonly delta: tf.Tensor1D };
}

/** Batch means of the loss and its terms (scalars, nats per sample). */
export type FamilyLossTerms = {
  readonly loss: tf.Scalar;
  readonly reconstruction: tf.Scalar;
  readonly klContent: tf.Scalar;
  readonly klAngle: tf.Scalar;
  readonly klShift: tf.Scalar;
  readonly klDiscrete: tf.Scalar;
};

export const LOSS_TERM_NAMES = ['loss', 'reconstruction', 'klContent', 'klAngle', 'klShift', 'klDiscrete'] as const;

/** Per-row log-likelihood log p(x | decoder output) (B), for the family's likelihood. */
export function logLikelihood(net: FamilyNetwork, x: tf.Tensor2D, out: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    if (net.options.likelihood === 'bernoulli') return tf.sum(tf.sub(tf.mul(x, out), tf.softplus(out)), 1) as tf.Tensor1D;
    const s2 = net.options.decoderSigma ** 2;
    return tf.mul(tf.sum(tf.squaredDifference(x, out), 1), -0.5 / s2) as tf.Tensor1D;
  });
}

/** Per-row KL terms of the Gaussian latents: [angle, shift(+scale), content], each B. */
export function gaussianKl(net: FamilyNetwork, mu: tf.Tensor2D, logVar: tf.Tensor2D): { angle: tf.Tensor1D; shift: tf.Tensor1D; content: tf.Tensor1D } {
  return tf.tidy(() => {
    const { layout } = net;
    const b = mu.shape[0];
    const standard = (start: number, size: number) => {
      if (size === 0) return tf.zeros([b]) as tf.Tensor1D;
      const m = tf.slice(mu, [0, start], [-1, size]);
      const lv = tf.slice(logVar, [0, start], [-1, size]);
      return tf.mul(tf.sum(tf.sub(tf.add(tf.square(m), tf.exp(lv)), tf.add(1, lv)), 1), 0.5) as tf.Tensor1D;
    };
    let angle = tf.zeros([b]) as tf.Tensor1D;
    if (layout.angle) {
      const lv = tf.reshape(tf.slice(logVar, [0, 0], [-1, 1]), [b]);
      const p2 = net.options.anglePrior ** 2;
      angle = tf.mul(tf.sub(tf.sub(tf.div(tf.exp(lv), p2), 1), tf.sub(lv, Math.log(p2))), 0.5) as tf.Tensor1D;
      if (net.options.angleKl === 'full') angle = tf.add(angle, tf.div(tf.square(tf.reshape(tf.slice(mu, [0, 0], [-1, 1]), [b])), 2 * p2)) as tf.Tensor1D;
    }
    const transform = layout.contentStart;
    return { angle, shift: standard(layout.angle ? 1 : 0, Math.max(0, transform - 1)), content: standard(transform, net.options.latentDim) };
  });
}

/** Reparameterised sample μ + σ·ε. */
function sample(mu: tf.Tensor2D, logVar: tf.Tensor2D, eps: tf.Tensor2D): tf.Tensor2D {
  return tf.add(mu, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps)) as tf.Tensor2D;
}

/** Linear ramp of a capacity: min(C_max · t / N, C_max, cap). */
export function capacityAt(capacity: readonly [number, number, number], iteration: number, cap = Infinity): number {
  return Math.min((capacity[0] * iteration) / capacity[1], capacity[0], cap);
}

export function familyLoss(net: FamilyNetwork, batch: FamilyBatch): FamilyLossTerms {
  if (net.options.kind === 'ssvae') return semiSupervisedLoss(net, batch);
  return tf.tidy(() => {
    const { options, layout } = net;
    const { mu, logVar, logits } = encode(net, batch.x, batch.condition);
    const z = sample(mu, logVar, batch.eps);
    let extras: tf.Tensor2D | undefined = batch.condition;
    let klDiscrete: tf.Tensor = tf.scalar(0);
    let alphaLogits: tf.Tensor2D | undefined;
    if (layout.discrete > 0) {
      alphaLogits = logits!;
      const logAlpha = tf.logSoftmax(alphaLogits);
      klDiscrete = tf.mean(tf.sum(tf.mul(tf.exp(logAlpha), tf.add(logAlpha, Math.log(layout.discrete))), 1));
      if (options.discrete === 'gumbel') {
        const gumbel = tf.neg(tf.log(tf.add(tf.neg(tf.log(tf.add(batch.uniform!, 1e-12))), 1e-12)));
        extras = tf.softmax(tf.div(tf.add(logAlpha, gumbel), options.temperature)) as tf.Tensor2D;
      }
    }
    const reconstruction =
      layout.discrete > 0 && options.discrete === 'enumerate'
        ? enumeratedReconstruction(net, batch.x, z, tf.exp(tf.logSoftmax(alphaLogits!)) as tf.Tensor2D)
        : tf.neg(tf.mean(logLikelihood(net, batch.x, decode(net, z, extras))));
    const kl = gaussianKl(net, mu, logVar);
    const klContent = tf.mean(kl.content);
    const klAngle = tf.mean(kl.angle);
    const klShift = tf.mean(kl.shift);
    const klContinuous = tf.add(tf.add(klContent, klAngle), klShift);
    let loss: tf.Tensor;
    if (layout.discrete > 0) {
      const cz = capacityAt(options.continuousCapacity, batch.iteration);
      const ca = capacityAt(options.discreteCapacity, batch.iteration, Math.log(layout.discrete));
      loss = tf.add(
        reconstruction,
        tf.add(tf.mul(tf.abs(tf.sub(klContinuous, cz)), options.continuousCapacity[2]), tf.mul(tf.abs(tf.sub(klDiscrete, ca)), options.discreteCapacity[2])),
      );
      if (options.balance > 0) loss = tf.add(loss, tf.mul(marginalKl(alphaLogits!), options.balance));
    } else {
      loss = tf.add(reconstruction, tf.mul(klContinuous, options.beta));
    }
    if (batch.rotated) {
      const turned = encode(net, batch.rotated.x, batch.condition).mu;
      loss = tf.add(loss, tf.mul(angleConsistency(mu, turned, batch.rotated.delta), options.angleConsistency));
    }
    return scalars({ loss, reconstruction, klContent, klAngle, klShift, klDiscrete });
  });
}

/** Batch mean of 1 − cos(φ′ − φ − δ) for angle means φ (of x) and φ′ (of R_δ x) in column 0 of B × gaussian means. */
export function angleConsistency(mu: tf.Tensor2D, turned: tf.Tensor2D, delta: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const angle = (m: tf.Tensor2D) => tf.reshape(tf.slice(m, [0, 0], [-1, 1]), [-1]);
    return tf.mean(tf.sub(1, tf.cos(tf.sub(tf.sub(angle(turned), angle(mu)), delta)))) as tf.Scalar;
  });
}

/** KL(q̄ ‖ uniform) of the batch-mean class probabilities q̄ (K) of logits B × K, nats. */
export function marginalKl(logits: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const k = logits.shape[1];
    const qBar = tf.mean(tf.softmax(logits), 0);
    return tf.sum(tf.mul(qBar, tf.add(tf.log(tf.add(qBar, 1e-12)), Math.log(k)))) as tf.Scalar;
  });
}

/** Batch mean of −Σ_y q(y|x) log p(x | z, y): z (B × gaussian) decoded under each of the K one-hot codes. */
export function enumeratedReconstruction(net: FamilyNetwork, x: tf.Tensor2D, z: tf.Tensor2D, q: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const k = net.layout.discrete;
    const b = x.shape[0];
    // Class-major rows: class c for rows [c·B, (c+1)·B).
    const oneHot = tf.oneHot(tf.tensor1d(Int32Array.from({ length: k * b }, (_, r) => Math.floor(r / b)), 'int32'), k).toFloat() as tf.Tensor2D;
    const out = decode(net, tf.tile(z, [k, 1]) as tf.Tensor2D, oneHot);
    const nll = tf.transpose(tf.reshape(tf.neg(logLikelihood(net, tf.tile(x, [k, 1]) as tf.Tensor2D, out)), [k, b])); // B × K
    return tf.mean(tf.sum(tf.mul(q, nll), 1)) as tf.Scalar;
  });
}

/** ssvae: every row decoded under each of the K classes; labelled rows keep their class, others weigh by q(y|x). */
function semiSupervisedLoss(net: FamilyNetwork, batch: FamilyBatch): FamilyLossTerms {
  return tf.tidy(() => {
    const { options } = net;
    const k = options.classes;
    const b = batch.x.shape[0];
    const labels = batch.labels ?? new Int32Array(b).fill(-1);
    const labelled = Float32Array.from(labels, (l) => (l >= 0 ? 1 : 0));
    const mask = tf.tensor1d(labelled);
    const logQ = tf.logSoftmax(classify(net, batch.x));
    const q = tf.exp(logQ);
    // Rows of the enumeration: class-major, (K·B) rows, class c for rows [c·B, (c+1)·B).
    const xRep = tf.tile(batch.x, [k, 1]) as tf.Tensor2D;
    const classOfRow = Int32Array.from({ length: k * b }, (_, r) => Math.floor(r / b));
    const oneHot = tf.oneHot(tf.tensor1d(classOfRow, 'int32'), k).toFloat() as tf.Tensor2D;
    const { mu, logVar } = encode(net, xRep, oneHot);
    const out = decode(net, sample(mu, logVar, batch.eps), oneHot);
    const nll = tf.neg(logLikelihood(net, xRep, out)); // K·B
    const kl = gaussianKl(net, mu, logVar);
    const klRow = tf.add(tf.add(kl.content, kl.angle), kl.shift);
    const perClass = (t: tf.Tensor1D) => tf.transpose(tf.reshape(t, [k, b])) as tf.Tensor2D; // B × K
    const known = tf.oneHot(tf.tensor1d(Int32Array.from(labels, (l) => Math.max(l, 0)), 'int32'), k).toFloat();
    const maskCol = tf.reshape(mask, [b, 1]);
    const weights = tf.add(tf.mul(maskCol, known), tf.mul(tf.sub(1, maskCol), q)); // B × K
    const expect = (t: tf.Tensor1D) => tf.mean(tf.sum(tf.mul(weights, perClass(t)), 1));
    const reconstruction = expect(nll as tf.Tensor1D);
    const klContent = expect(kl.content);
    const klAngle = expect(kl.angle);
    const klShift = expect(kl.shift);
    const klClass = tf.mul(tf.sub(1, mask), tf.sum(tf.mul(q, tf.add(logQ, Math.log(k))), 1));
    const crossEntropy = tf.mul(mask, tf.neg(tf.sum(tf.mul(known, logQ), 1)));
    const klDiscrete = tf.mean(klClass);
    const loss = tf.add(
      tf.add(reconstruction, tf.mul(expect(klRow as tf.Tensor1D), options.beta)),
      tf.add(klDiscrete, tf.mul(tf.mean(crossEntropy), options.auxWeight)),
    );
    return scalars({ loss, reconstruction, klContent, klAngle, klShift, klDiscrete });
  });
}

function scalars(t: Record<keyof FamilyLossTerms, tf.Tensor>): FamilyLossTerms {
  return t as unknown as FamilyLossTerms;
}
