// Accuracy on the whole training and test sets, computed by worker threads while training goes
// on. Both splits are stored once as sparse rows in shared memory; each worker owns a fixed
// slice of them and counts correct predictions there, so an evaluation costs one message of
// parameters per worker (about 320 kB) and runs in parallel with the next iterations.
// Requests are answered in the order they were made.

import { Worker } from 'node:worker_threads';
import type { Backend, ThreadRegion } from '../core/backend.js';
import type { Floats } from '../core/floats.js';
import type { SparseRows } from '../core/kernels/sparse-products.js';
import type { NetworkShape, Params } from '../nn/shape.js';
import type { BackendName } from './load-backend.js';
import { sliceRows } from './sparse-rows.js';
import { allocator, type Precision } from './precision.js';
import { SparseForward } from './sparse-forward.js';

/** The compiled worker: <package>/dist/fast/, from src/fast/ (tests) and dist/fast/ alike. */
const WORKER_URL = new URL('../../dist/fast/accuracy-worker.js', import.meta.url);

/** A split as the evaluators read it: its images as sparse rows, and their labels. */
export interface SparseSplit {
  rows: SparseRows;
  labels: Uint8Array;
}

export interface Segment extends SparseSplit {
  /** Index of the split: 0 training, 1 test. */
  split: number;
}

/** Room in the shared memory for a worker's parameters, chunk buffers and kernel scratch. */
const WORKER_REGION_BYTES = 8 * 1024 * 1024;

export interface WorkerSetup {
  backend: BackendName;
  /** Its backend's slice of the main thread's WebAssembly memory, where the rows also live. */
  region?: ThreadRegion;
  precision: Precision;
  shape: NetworkShape;
  segments: Segment[];
}

export interface EvaluationTask {
  id: number;
  params: Params<Floats>;
  /** The leading fraction of each of its segments a worker evaluates; the calling thread the rest. */
  share: number;
}

/** Rows [0, count · share) of a segment of `count` rows: the worker's part of it. */
export function workerRows(count: number, share: number): number {
  return Math.ceil(count * share);
}

interface EvaluationReply {
  id: number;
  correct: number[];
  /** How long the worker computed. */
  ms: number;
}

export interface SplitAccuracies {
  trainAcc: number;
  testAcc: number;
}

/** Accuracy of a set of parameters on both splits, now or later. */
export interface AccuracyEvaluator {
  /**
   * With isThisThreadIdle (nothing else to do, as after the last iteration) this thread takes
   * a share of the work too.
   */
  evaluate(params: Params<Floats>, isThisThreadIdle?: boolean): Promise<SplitAccuracies>;
  /** The answer at once, on this thread, where the evaluator works on this thread. */
  evaluateNow?(params: Params<Floats>): SplitAccuracies;
  /** Milliseconds each finished evaluation pass took to compute, in order. */
  readonly passMs: readonly number[];
  close(): Promise<void>;
}

export interface ParallelEvaluatorOptions {
  /** The main thread's backend: the workers run the same kind, in regions of its memory. */
  backend: Backend;
  precision: Precision;
  shape: NetworkShape;
  threads: number;
}

/** Cuts rows 0..total of the splits, taken end to end, into `parts` nearly equal slices. */
export function partition(splits: readonly SparseSplit[], parts: number): Segment[][] {
  const total = splits.reduce((sum, s) => sum + s.rows.rowCount, 0);
  const out: Segment[][] = [];
  for (let part = 0; part < parts; part++) {
    const from = Math.floor((total * part) / parts);
    const to = Math.floor((total * (part + 1)) / parts);
    const segments: Segment[] = [];
    let base = 0;
    splits.forEach((s, split) => {
      const first = Math.max(from, base) - base;
      const last = Math.min(to, base + s.rows.rowCount) - base;
      if (last > first) {
        segments.push({
          split,
          rows: sliceRows(s.rows, first, last - first),
          labels: s.labels.slice(first, last),
        });
      }
      base += s.rows.rowCount;
    });
    out.push(segments);
  }
  return out;
}

export class ParallelEvaluator implements AccuracyEvaluator {
  readonly passMs: number[] = [];
  private readonly workers: Worker[];
  private isClosing = false;
  private readonly counts: [number, number];
  private nextId = 0;
  private readonly pending = new Map<
    number,
    {
      correct: [number, number];
      waiting: number;
      ms: number;
      resolve: (a: SplitAccuracies) => void;
      reject: (error: Error) => void;
    }
  >();
  private failure: Error | undefined;
  private readonly parts: Segment[][];
  /** This thread's forward pass, made when first asked to help. */
  private helper: SparseForward | undefined;

  /** splits: the training and the test set, best placed in the backend's memory. */
  constructor(
    private readonly options: ParallelEvaluatorOptions,
    splits: readonly [SparseSplit, SparseSplit],
  ) {
    const { threads } = options;
    if (!Number.isInteger(threads) || threads < 1) {
      throw new RangeError(`a parallel evaluator needs at least one thread, got ${threads}`);
    }
    this.counts = [splits[0].rows.rowCount, splits[1].rows.rowCount];
    const parts = partition(splits, threads);
    this.parts = parts;
    this.workers = parts.map((segments) => {
      const setup: WorkerSetup = {
        backend: options.backend.name as BackendName,
        region: options.backend.threadRegion?.(WORKER_REGION_BYTES),
        precision: options.precision,
        shape: options.shape,
        segments,
      };
      return new Worker(WORKER_URL, { workerData: setup });
    });
    this.workers.forEach((worker, w) => {
      worker.on('message', (reply: EvaluationReply) => this.receive(reply, parts[w]));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (!this.isClosing) this.fail(new Error(`an evaluation thread exited (code ${code})`));
      });
    });
  }

  /** Accuracies for these parameter values (copied at once, so training may go on). */
  evaluate(params: Params<Floats>, isThisThreadIdle = false): Promise<SplitAccuracies> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const share = isThisThreadIdle ? this.workers.length / (this.workers.length + 1) : 1;
    const task: EvaluationTask = {
      id,
      share,
      params: {
        W1: params.W1.slice(),
        b1: params.b1.slice(),
        W2: params.W2.slice(),
        b2: params.b2.slice(),
      },
    };
    const answer = new Promise<SplitAccuracies>((resolve, reject) => {
      this.pending.set(id, {
        correct: [0, 0],
        waiting: this.workers.length,
        ms: 0,
        resolve,
        reject,
      });
      for (const worker of this.workers) worker.postMessage(task);
    });
    if (share < 1) this.help(id, params, share);
    return answer;
  }

  // The rows of each segment past the workers' share, on this thread, while they work.
  private help(id: number, params: Params<Floats>, share: number): void {
    const entry = this.pending.get(id);
    if (entry === undefined) return;
    const started = performance.now();
    const { backend, precision, shape } = this.options;
    this.helper ??= new SparseForward(backend, shape, allocator(backend, precision));
    this.helper.load(params);
    for (const segments of this.parts) {
      for (const { split, rows, labels } of segments) {
        const first = workerRows(rows.rowCount, share);
        entry.correct[split] += this.helper.countCorrect(
          rows,
          labels,
          first,
          rows.rowCount - first,
        );
      }
    }
    entry.ms = Math.max(entry.ms, performance.now() - started);
  }

  async close(): Promise<void> {
    this.isClosing = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private receive(reply: EvaluationReply, segments: Segment[]): void {
    const entry = this.pending.get(reply.id);
    if (entry === undefined) return;
    reply.correct.forEach((count, s) => (entry.correct[segments[s].split] += count));
    entry.ms = Math.max(entry.ms, reply.ms);
    if (--entry.waiting > 0) return;
    this.pending.delete(reply.id);
    this.passMs.push(entry.ms);
    const [trainCount, testCount] = this.counts;
    entry.resolve({
      trainAcc: entry.correct[0] / trainCount,
      testAcc: entry.correct[1] / testCount,
    });
  }

  /** A worker that fails fails every evaluation asked for, now and later. */
  private fail(error: Error): void {
    this.failure = error;
    for (const entry of this.pending.values()) entry.reject(error);
    this.pending.clear();
  }
}

/** The same answers computed on this thread, at once (--threads 0). */
export class InlineEvaluator implements AccuracyEvaluator {
  readonly passMs: number[] = [];
  private readonly forward: SparseForward;

  constructor(
    options: Omit<ParallelEvaluatorOptions, 'threads'>,
    private readonly splits: readonly [SparseSplit, SparseSplit],
  ) {
    const { backend, precision, shape } = options;
    this.forward = new SparseForward(backend, shape, allocator(backend, precision));
  }

  evaluate(params: Params<Floats>): Promise<SplitAccuracies> {
    return Promise.resolve(this.evaluateNow(params));
  }

  evaluateNow(params: Params<Floats>): SplitAccuracies {
    const started = performance.now();
    this.forward.load(params);
    const [trainAcc, testAcc] = this.splits.map(
      ({ rows, labels }) =>
        this.forward.countCorrect(rows, labels, 0, rows.rowCount) / rows.rowCount,
    );
    this.passMs.push(performance.now() - started);
    return { trainAcc, testAcc };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
