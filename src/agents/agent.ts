import {
  EMPTY, type Observable, asapScheduler, catchError, concat, defaultIfEmpty, defer, expand, filter, finalize, from, ignoreElements, map, of, subscribeOn, switchMap,
  mergeMap, take, timer,
} from 'rxjs';
import { NEVER_RETRIED_CODES, type SampleAction, sampleActionOf } from '../drivers/errors.ts';
import type { Measurement } from '../drivers/instrument.ts';
import type { ControlMessage } from '../events/control.ts';
import type { ExitStatus } from '../events/documents.ts';
import { makeDescriptor, makeEvent, makeStart, makeStop } from '../events/document-factory.ts';
import { selectBatch } from './batch-selection.ts';
import type { AgentConfig, AgentDeps, AgentEvent, AgentState, InstrumentPort } from './agent-types.ts';
import { type CampaignData, appendPoint, bestPoint, emptyCampaign, toDataset } from './campaign-data.ts';
import { ControlBox } from './control-box.ts';
import { failedActionDataKeys, modelDataKeys, plainArray, primaryDataKeys } from './run-documents.ts';
import { randomUnmeasured, stepRng } from './step-rng.ts';
import { blockedMask } from './feasibility.ts';

/** Where the loop stands at a step boundary. */
interface LoopState {
  readonly data: CampaignData;
  readonly instrument: InstrumentPort;
  /** True when the agent opened this instrument (by a swap) and must close it. */
  readonly owned: boolean;
  readonly seq: { readonly primary: number; readonly model: number };
  readonly done?: boolean;
}

/** How one measurement ended: measured, or a fatal failure (with the sample action it left unconfirmed, if any). */
type MeasureOutcome = { readonly measured: Measurement } | { readonly fatal: string; readonly failed?: FailedAction };

/** What a step emits: events, then exactly one next state. */
type Item = { readonly event: AgentEvent } | { readonly next: LoopState };

/** A sample action that went to the wire in a failed measurement (recorded in the `failed_actions` stream). */
interface FailedAction {
  readonly action: SampleAction;
  readonly completed: boolean;
  readonly code: string;
  readonly message: string;
}

/** A candidate chosen for measurement, with the events its choice produced. */
interface Proposal {
  readonly candidate: number;
  readonly phase: 'initial' | 'acquisition';
  readonly events: readonly AgentEvent[];
  readonly seq: LoopState['seq'];
}

/**
 * The campaign loop as one RxJS pipeline: control stream + injected parts → events. One measurement in
 * flight; pause, resume, stop and swap take effect at step boundaries; failed measurements become
 * events and are retried by policy, except after a sample action reached the wire (SAMPLE_ACTION_UNCONFIRMED,
 * interlock refusals): that action is recorded in a `failed_actions` event and the run stops with exit_status
 * 'fail', so the sample is never acted on twice unasked; the run ends with a stop document (success, abort or fail).
 */
export function runAgent(control$: Observable<ControlMessage>, deps: AgentDeps, cfg: AgentConfig): Observable<AgentEvent> {
  return defer(() => {
    const box = new ControlBox();
    const controlSub = control$.subscribe((m) => box.accept(m));
    const { clock, space, resume } = deps;
    const start = resume?.start ?? makeStart(clock, { ...cfg.metadata, seed: cfg.seed });
    const primary = resume?.primary ?? makeDescriptor(clock, start, 'primary', primaryDataKeys(space));
    const model = resume?.model ?? makeDescriptor(clock, start, 'model', modelDataKeys(deps.surrogate.name, deps.acquisition.name));
    const doc = (d: AgentEvent & { kind: 'document' }): AgentEvent => d;
    // A resumed run writes only what its log lacks (a run killed right after its start has no descriptors yet).
    const opening: AgentEvent[] = [
      ...(resume ? [] : [doc({ kind: 'document', doc: ['start', start] })]),
      ...(resume?.primary ? [] : [doc({ kind: 'document', doc: ['descriptor', primary] })]),
      ...(resume?.model ? [] : [doc({ kind: 'document', doc: ['descriptor', model] })]),
    ];
    const init: LoopState = {
      data: resume?.data ?? emptyCampaign(space.candidates.rows), instrument: deps.instrument, owned: false,
      seq: resume?.nextSeq ?? { primary: 1, model: 1 },
    };
    let last = init;
    let failedActions: { descriptor: ReturnType<typeof makeDescriptor>; count: number } | undefined;
    const status = (state: AgentState, s: LoopState, reason?: string): Item =>
      ({ event: { kind: 'status', type: 'agent/state', payload: { state, step: s.data.points.length, reason } } });

    /** Ends the run: the stop document, the finished state, and the final (done) state. */
    const finish = (s: LoopState, exit: ExitStatus, reason: string): Observable<Item> => {
      const counts = { primary: s.seq.primary - 1, model: s.seq.model - 1, ...(failedActions ? { failed_actions: failedActions.count } : {}) };
      const stop = makeStop(clock, start, exit, reason, counts);
      if (resume?.interruptions?.length) Object.assign(stop, { interruptions: resume.interruptions });
      const close$: Observable<Item> = s.owned ? silently(s.instrument.close()) : EMPTY;
      return concat(close$, items(
        { event: { kind: 'document', doc: ['stop', stop] } }, status('finished', s, reason), { next: { ...s, done: true } },
      ));
    };

    /** A stop asked for while a measurement or fit was in flight (an abort cuts it short): the run ends 'abort', not 'fail'. */
    const aborting = (s: LoopState, inFlight: string): Observable<Item> | undefined =>
      box.value.stop ? finish(s, 'abort', `${box.value.stop.reason}; ${inFlight} was cut short`) : undefined;

    /**
     * The next proposals (agent.batchSize of them at most, fewer near the budget or the end of the random start), each
     * with its model event; a resumed batch whose proposals are already logged measures those without a new fit.
     */
    const batchSize = cfg.batchSize ?? 1;
    const propose = (s: LoopState): Observable<Proposal[]> => {
      const n = s.data.points.length;
      const room = cfg.budget - n;
      // A resumed step whose proposals are already logged measures them: never two model events for one step.
      const pending = (resume?.pendingCandidates ?? []).filter((c) => !s.data.measured[c]);
      if (pending.length > 0 && s.seq.model === resume!.nextSeq.model && n === resume!.data.points.length) {
        return of(pending.slice(0, room).map((candidate) => ({ candidate, phase: 'acquisition' as const, events: [], seq: s.seq })));
      }
      const blocked = blockedMask(s.data.measured, deps.infeasible);
      if (n < cfg.initialPoints) {
        const out: Proposal[] = [];
        for (let j = 0; j < Math.min(batchSize, cfg.initialPoints - n, room); j++) {
          const candidate = randomUnmeasured(blocked, stepRng(cfg.seed, n + j));
          if (candidate < 0) break;
          blocked[candidate] = 1;
          out.push({ candidate, phase: 'initial', events: [], seq: s.seq });
        }
        return of(out);
      }
      const dataset = toDataset(s.data, space.candidates.cols, space.featureNames);
      const t0 = performance.now();
      return deps.surrogate.fit(dataset).pipe(take(1), switchMap((fitted) => {
        const fitMs = performance.now() - t0;
        let post: ReturnType<typeof fitted.posterior>;
        let scores: Float64Array;
        let picks: number[] | Promise<number[]>;
        try {
          post = fitted.posterior(space.candidates);
          scores = deps.acquisition.score(post, dataset);
          picks = selectBatch({
            q: Math.min(batchSize, room), selection: cfg.batchSelection ?? 'kriging-believer', candidates: space.candidates, dataset, fitted, posterior: post,
            scores, acquisition: deps.acquisition, direction: cfg.direction, blocked,
          });
        } catch (err) {
          fitted.dispose();
          throw err;
        }
        const proposals = (chosen: number[]): Proposal[] => {
          const out: Proposal[] = [];
          let seq = s.seq;
          chosen.forEach((candidate, j) => {
            // One model event per proposal (step = the step it will be measured at); value, mean and std from the fit's posterior.
            seq = { ...seq, model: seq.model + 1 };
            const events: AgentEvent[] = [{ kind: 'document', doc: ['event', makeEvent(clock, model, seq.model - 1, {
              step: n + j, candidate, acquisition_value: finiteOr(scores[candidate], 0),
              predicted_mean: post.mean[candidate], predicted_std: Math.sqrt(Math.max(0, post.variance[candidate])), fit_ms: fitMs,
            })] }];
            if (j === 0 && posteriorDue(n, chosen.length)) {
              events.push({ kind: 'status', type: 'model/posterior', payload: { step: n, mean: post.mean, variance: post.variance, fitMs } });
            }
            out.push({ candidate, phase: 'acquisition', events, seq });
          });
          return out;
        };
        if (!(picks instanceof Promise)) {
          fitted.dispose();
          return of(proposals(picks));
        }
        return from(picks.finally(() => fitted.dispose())).pipe(map(proposals));
      }));
    };

    /** Whether a posterior snapshot is due in the steps [n, n + count) (every posteriorEvery model steps). */
    const posteriorDue = (n: number, count: number): boolean => {
      if (cfg.posteriorEvery <= 0) return false;
      for (let j = 0; j < Math.max(1, count); j++) if ((n + j - cfg.initialPoints) % cfg.posteriorEvery === 0) return true;
      return false;
    };

    /** The failed_actions descriptor (made at the first failed action) and event of one failed action. */
    const failedActionDocs = (s: LoopState, candidate: number, f: FailedAction): Item[] => {
      const out: Item[] = [];
      if (!failedActions) {
        failedActions = { descriptor: makeDescriptor(clock, start, 'failed_actions', failedActionDataKeys(space)), count: 0 };
        out.push({ event: { kind: 'document', doc: ['descriptor', failedActions.descriptor] } });
      }
      failedActions.count++;
      const ev = makeEvent(clock, failedActions.descriptor, failedActions.count, {
        step: s.data.points.length, candidate, instrument: s.instrument.name, command: f.action.command, sent: f.action.sent,
        completed: f.completed, error_code: f.code, error: f.message,
      });
      out.push({ event: { kind: 'document', doc: ['event', ev] } });
      return out;
    };

    const measureWithRetry = (s: LoopState, candidate: number, attempt: number): Observable<{ event: AgentEvent } | { measured: Measurement } | { fatal: string; failed?: FailedAction }> =>
      defer(() => s.instrument.measure(space.toCommand(candidate))).pipe(
        take(1),
        map((m) => ({ measured: m })),
        catchError((err: { code?: string; message?: string }) => {
          const code = err?.code ?? 'INSTRUMENT_ERROR';
          const message = err?.message ?? String(err);
          // Safety (DESIGN §9): an action that reached the sample is never repeated, whatever the retry policy says.
          const acted = sampleActionOf(err);
          const willRetry = !box.value.stop && !acted && !NEVER_RETRIED_CODES.includes(code) && !cfg.retry.fatalCodes.includes(code) && attempt < cfg.retry.maxAttempts;
          const event: AgentEvent = { kind: 'status', type: 'instrument/failed', payload: { step: s.data.points.length, attempt, code, message, willRetry } };
          if (!willRetry) return of({ event }, { fatal: `${code}: ${message}`, failed: acted && { ...acted, code, message } });
          return concat(of({ event }), timer(cfg.retry.backoffMs, deps.scheduler).pipe(switchMap(() => measureWithRetry(s, candidate, attempt + 1))));
        }),
      );

    /**
     * Measures the proposals (all at once when there are several: a simulator batch) and then logs them in proposal
     * order, so the run log is the same whatever order they finish in. A fatal failure ends the run after the
     * successful measurements of the batch are logged.
     */
    const measureBatch = (s: LoopState, ps: readonly Proposal[]): Observable<Item> => {
      const results: MeasureOutcome[] = new Array(ps.length);
      const live$ = from(ps.map((p, j) => ({ p, j }))).pipe(
        mergeMap(({ p, j }) => measureWithRetry(s, p.candidate, 1).pipe(
          filter((r): r is { event: AgentEvent } => {
            if ('event' in r) return true;
            results[j] = r;
            return false;
          }),
        ), Math.max(1, ps.length)),
      );
      return concat(live$, defer(() => logBatch(s, ps, results)));
    };

    /** The batch's measurements as documents, in proposal order; the next state, or the end of the run. */
    const logBatch = (s0: LoopState, ps: readonly Proposal[], results: readonly MeasureOutcome[]): Observable<Item> => {
      const out: Item[] = [];
      let s: LoopState = { ...s0, seq: { primary: s0.seq.primary, model: ps[ps.length - 1].seq.model } };
      let fatal: { reason: string; failed: Item[] } | undefined;
      ps.forEach((p, j) => {
        const r = results[j];
        const n = s.data.points.length;
        if (!r || 'fatal' in r) {
          const reason = r ? r.fatal : 'the measurement did not complete';
          const failed = r?.failed ? failedActionDocs(s, p.candidate, r.failed) : [];
          if (!fatal) fatal = { reason, failed };
          else out.push(...failed);
          return;
        }
        let observation;
        try {
          observation = space.toObservation(p.candidate, r.measured);
        } catch (err) {
          fatal ??= { reason: `cannot score the measurement: ${(err as Error).message}`, failed: [] };
          return;
        }
        const d = space.candidates.cols;
        const x = space.candidates.data.slice(p.candidate * d, (p.candidate + 1) * d);
        const data = appendPoint(s.data, { step: n, candidate: p.candidate, x, y: observation.y, instrument: s.instrument.name });
        const event = makeEvent(clock, primary, s.seq.primary, {
          step: n, candidate: p.candidate, x: plainArray(x), y: observation.y, instrument: s.instrument.name, phase: p.phase,
          ...observation.record,
        });
        const best = bestPoint(data, cfg.direction)!;
        out.push(
          { event: { kind: 'status', type: 'instrument/measured', payload: { step: n, candidate: p.candidate, measurement: r.measured } } },
          { event: { kind: 'document', doc: ['event', event] } },
          { event: { kind: 'status', type: 'agent/progress', payload: {
            step: n + 1, budget: cfg.budget, candidate: p.candidate, y: observation.y, instrument: s.instrument.name,
            best: best.y, bestCandidate: best.candidate,
          } } },
        );
        s = { ...s, data, seq: { ...s.seq, primary: s.seq.primary + 1 } };
      });
      if (!fatal) return items(...out, { next: s });
      const f = fatal;
      const done = s;
      const end = (): Observable<Item> => aborting(done, `the measurement of step ${done.data.points.length}`) ?? finish(done, 'fail', f.reason);
      return concat(items(...out, ...f.failed), defer(end));
    };

    const swap = (s: LoopState, config: Record<string, unknown>): Observable<Item> => {
      const n = s.data.points.length;
      if (!deps.openInstrument) {
        return items({ event: { kind: 'status', type: 'instrument/failed', payload: { step: n, attempt: 1, code: 'INSTRUMENT_UNSUPPORTED', message: 'this run cannot swap instruments', willRetry: false } } }, status('running', s), { next: s });
      }
      return deps.openInstrument(config).pipe(
        take(1),
        switchMap((next) => concat(
          s.owned ? silently(s.instrument.close()) : EMPTY,
          items(
            { event: { kind: 'status', type: 'instrument/swapped', payload: { step: n, from: s.instrument.name, to: next.name } } },
            status('running', s),
            { next: { ...s, instrument: next, owned: true } },
          ),
        )),
        catchError((err: { code?: string; message?: string }) => items(
          { event: { kind: 'status', type: 'instrument/failed', payload: { step: n, attempt: 1, code: err?.code ?? 'INSTRUMENT_ERROR', message: `swap failed, keeping ${s.instrument.name}: ${err?.message ?? err}`, willRetry: false } } },
          status('running', s),
          { next: s },
        )),
      );
    };

    /** One step boundary: stop / budget / pause / swap checks, else propose and measure. */
    const step = (s: LoopState): Observable<Item> => defer(() => {
      const c = box.value;
      if (c.stop) return finish(s, 'abort', c.stop.reason);
      if (s.data.points.length >= cfg.budget) return finish(s, 'success', 'budget reached');
      if (c.paused) {
        return concat(of(status('paused', s)), box.runnable().pipe(switchMap((after) =>
          after.stop ? items({ next: s }) : items(status('running', s), { next: s }))));
      }
      const config = box.takeSwap();
      if (config) return concat(of(status('swapping', s)), swap(s, config));
      return propose(s).pipe(
        switchMap((ps) => ps.length === 0
          ? finish(s, 'success', deps.infeasible?.some((v) => v === 1) ? 'every feasible candidate has been measured' : 'every candidate has been measured')
          : concat(from(ps.flatMap((p) => p.events).map((event) => ({ event }))), measureBatch(s, ps))),
        catchError((err: Error) => aborting(s, 'the model fit') ?? finish(s, 'fail', `surrogate failed: ${err.message}`)),
      );
    });

    // Each step starts on a fresh stack (asap, or the injected scheduler): runs of synchronous steps, such as
    // instant instruments, would otherwise nest call frames step after step until the stack overflows.
    const stepScheduler = deps.scheduler ?? asapScheduler;
    const loop$ = items({ next: init }).pipe(
      expand((item) => ('next' in item && !item.next.done ? step(item.next).pipe(subscribeOn(stepScheduler)) : EMPTY)),
      filter((item): item is { event: AgentEvent } => {
        if ('next' in item) last = item.next;
        return 'event' in item;
      }),
      map((item) => item.event),
    );
    return concat(from(opening), of((status('running', init) as { event: AgentEvent }).event), loop$).pipe(finalize(() => {
      controlSub.unsubscribe();
      if (last.owned && !last.done) last.instrument.close().pipe(defaultIfEmpty(undefined)).subscribe({ error: () => undefined });
    }));
  });
}

/** The items as an Observable, in order. */
function items(...xs: Item[]): Observable<Item> {
  return from(xs);
}

/** Runs a side effect (close) to completion, emitting nothing and swallowing its error. */
function silently(effect: Observable<void>): Observable<Item> {
  return effect.pipe(ignoreElements(), catchError(() => EMPTY));
}

function finiteOr(v: number, fallback: number): number {
  return Number.isFinite(v) ? v : fallback;
}
