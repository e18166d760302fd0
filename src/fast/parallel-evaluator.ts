// Accuracy and loss on the whole training and test sets, computed by worker threads while
// training goes on. Both splits are stored once as sparse rows in shared memory; each worker owns
// a fixed slice of them and scores it (correct predictions, each row's cross-entropy), so an
// evaluation costs one message of the network's values per worker (about 320 kB for the
// chapter-4 network, 1.1 MB for six hidden layers of 100) and runs in parallel with the next
// iterations. The rows' losses are added up here in row order, as one pass over the set adds
// them: the same bits in any thread count. Requests are answered in the order they were made.
// At most two evaluations are with the workers at a time (one computed, the next one ready);
// the rest wait here. When evaluations pile up (training runs ahead of them, as a small network
// on a small training set does) and once training is over, this thread takes a share of each.

import { Worker } from 'node:worker_threads';
import type { Backend, ThreadRegion } from '../core/backend.js';
import type { Floats } from '../core/floats.js';
import type { SparseRows } from '../core/kernels/sparse-products.js';
import type { BackendName } from './load-backend.js';
import { sliceRows } from './sparse-rows.js';
import { allocator, type Precision } from './precision.js';
import {
  addInOrder,
  SparseForward,
  type ForwardShape,
  type ForwardValues,
} from './sparse-forward.js';

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

/** Evaluations asked for and not yet answered, past which this thread takes a share of each. */
const MAX_BACKLOG = 3;

/** Room in the shared memory for a worker's parameters, chunk buffers and kernel scratch. */
const WORKER_REGION_BYTES = 8 * 1024 * 1024;

export interface WorkerSetup {
  backend: BackendName;
  /** Its backend's slice of the main thread's WebAssembly memory, where the rows also live. */
  region?: ThreadRegion;
  precision: Precision;
  shape: ForwardShape;
  segments: Segment[];
}

export interface EvaluationTask {
  id: number;
  values: ForwardValues;
  /** The leading fraction of each of its segments a worker evaluates; the calling thread the rest. */
  share: number;
}

/** Rows [0, count · share) of a segment of `count` rows: the worker's part of it. */
export function workerRows(count: number, share: number): number {
  return Math.ceil(count * share);
}

/** Per segment: how many of its rows were classified correctly, and each row's loss. */
export interface SegmentScores {
  correct: number;
  losses: Float64Array;
}

interface EvaluationReply {
  id: number;
  /** Per segment of the worker's, the rows [0, workerRows) of it. */
  scores: SegmentScores[];
  /** How long the worker computed. */
  ms: number;
}

export interface SplitAccuracies {
  trainAcc: number;
  testAcc: number;
}

/**
 * Accuracy and mean loss on both splits. The loss is the book's cross_entropy_error (its 1e-7
 * in the log) of the softmax of the test-mode scores, over the whole set; the weight-decay term
 * the book's network.loss adds is left out: it measures the weights, not the fit.
 */
export interface SplitScores extends SplitAccuracies {
  trainLoss: number;
  testLoss: number;
}

/** Accuracy and loss of a network's values on both splits, now or later. */
export interface AccuracyEvaluator {
  /**
   * With isThisThreadIdle (nothing else to do, as after the last iteration) this thread takes
   * a share of the work too.
   */
  evaluate(values: ForwardValues, isThisThreadIdle?: boolean): Promise<SplitScores>;
  /** The answer at once, on this thread, where the evaluator works on this thread. */
  evaluateNow?(values: ForwardValues): SplitScores;
  /** Training is over: this thread may take a share of the evaluations still to run. */
  helpFromNowOn?(): void;
  /** Milliseconds each finished evaluation pass took to compute, in order. */
  readonly passMs: readonly number[];
  close(): Promise<void>;
}

export interface ParallelEvaluatorOptions {
  /** The main thread's backend: the workers run the same kind, in regions of its memory. */
  backend: Backend;
  precision: Precision;
  shape: ForwardShape;
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
      /** Per part (a worker's slice), per segment: the worker's scores, and this thread's. */
      scores: (SegmentScores[] | undefined)[];
      helped: SegmentScores[][];
      /** The slot holding its values, free again once it is answered. */
      values: ForwardValues;
      waiting: number;
      ms: number;
      resolve: (a: SplitScores) => void;
      reject: (error: Error) => void;
    }
  >();
  private failure: Error | undefined;
  private readonly parts: Segment[][];
  /** This thread's forward pass, made when first asked to help. */
  private helper: SparseForward | undefined;
  /**
   * Slots of shared memory for the values of evaluations no longer outstanding: a message
   * shares its slot with the workers instead of copying the values into each, and a slot is
   * reused rather than left to the collector (1.1 MB an evaluation for six layers of 100).
   */
  private readonly freeSlots: ForwardValues[] = [];
  /** Evaluations asked for and not yet sent to the workers, in order. */
  private readonly queue: EvaluationTask[] = [];
  private sentCount = 0;
  /** Set once training is over: every evaluation sent from then on is shared with this thread. */
  private isThisThreadIdle = false;

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
      worker.on('message', (reply: EvaluationReply) => this.receive(reply, w));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (!this.isClosing) this.fail(new Error(`an evaluation thread exited (code ${code})`));
      });
    });
  }

  /** Scores of these values (copied at once, so training may go on). */
  evaluate(values: ForwardValues, isThisThreadIdle = false): Promise<SplitScores> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const slot = this.copyToSlot(values);
    const answer = new Promise<SplitScores>((resolve, reject) => {
      this.pending.set(id, {
        scores: [],
        helped: [],
        values: slot,
        waiting: this.workers.length,
        ms: 0,
        resolve,
        reject,
      });
    });
    if (isThisThreadIdle) this.isThisThreadIdle = true;
    // Training outruns the workers: this thread takes a share now rather than run further ahead
    // (and hold ever more evaluations' values).
    const isBehind = this.queue.length + this.sentCount >= MAX_BACKLOG;
    const task = { id, share: 1, values: slot };
    if (this.isThisThreadIdle || isBehind) this.share(task);
    this.queue.push(task);
    this.send();
    return answer;
  }

  /** values copied into a free slot of the same layout, or into a new one. */
  private copyToSlot(values: ForwardValues): ForwardValues {
    const entries = Object.entries(values);
    let slot = this.freeSlots.pop();
    const fits = (free: ForwardValues) =>
      entries.length === Object.keys(free).length &&
      entries.every(
        ([name, v]) =>
          free[name]?.length === v.length && free[name].BYTES_PER_ELEMENT === v.BYTES_PER_ELEMENT,
      );
    if (slot === undefined || !fits(slot)) {
      // Each array from an 8-aligned offset, as a Float64Array view needs.
      const padded = (v: Floats) => Math.ceil(v.byteLength / 8) * 8;
      const buffer = new SharedArrayBuffer(entries.reduce((sum, [, v]) => sum + padded(v), 0));
      let offset = 0;
      slot = {};
      for (const [name, v] of entries) {
        slot[name] =
          v instanceof Float32Array
            ? new Float32Array(buffer, offset, v.length)
            : new Float64Array(buffer, offset, v.length);
        offset += padded(v);
      }
    }
    for (const [name, v] of entries) slot[name].set(v);
    return slot;
  }

  /** Training is over: this thread takes a share of every evaluation still to be sent. */
  helpFromNowOn(): void {
    this.isThisThreadIdle = true;
    this.send();
  }

  // Sends waiting evaluations while fewer than two are with the workers (one computed, the next
  // one ready); once this thread is idle, it takes its share of each as it goes.
  private send(): void {
    while (this.queue.length > 0 && this.sentCount < 2 && this.failure === undefined) {
      const task = this.queue.shift();
      if (task === undefined) return;
      if (this.isThisThreadIdle && task.share === 1) this.share(task);
      this.sentCount++;
      for (const worker of this.workers) worker.postMessage(task);
    }
  }

  /** Leaves the workers the leading share of each segment, and scores the rest here, now. */
  private share(task: EvaluationTask): void {
    task.share = this.workers.length / (this.workers.length + 1);
    this.help(task.id, task.values, task.share);
  }

  // The rows of each segment past the workers' share, on this thread, while they work.
  private help(id: number, values: ForwardValues, share: number): void {
    const entry = this.pending.get(id);
    if (entry === undefined) return;
    const started = performance.now();
    const { backend, precision, shape } = this.options;
    this.helper ??= new SparseForward(backend, shape, allocator(backend, precision));
    this.helper.load(values);
    const helper = this.helper;
    entry.helped = this.parts.map((segments) =>
      segments.map(({ rows, labels }) => {
        const first = workerRows(rows.rowCount, share);
        const losses = new Float64Array(rows.rowCount - first);
        return { correct: helper.score(rows, labels, first, losses.length, losses), losses };
      }),
    );
    entry.ms = Math.max(entry.ms, performance.now() - started);
  }

  async close(): Promise<void> {
    this.isClosing = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private receive(reply: EvaluationReply, part: number): void {
    const entry = this.pending.get(reply.id);
    if (entry === undefined) return;
    entry.scores[part] = reply.scores;
    entry.ms = Math.max(entry.ms, reply.ms);
    if (--entry.waiting > 0) return;
    this.pending.delete(reply.id);
    this.sentCount--;
    this.passMs.push(entry.ms);
    // The parts' segments, each the workers' rows then this thread's, in the order of the rows.
    const correct: [number, number] = [0, 0];
    const lossTotals: [number, number] = [0, 0];
    this.parts.forEach((segments, p) => {
      segments.forEach(({ split }, s) => {
        for (const scores of [entry.scores[p]?.[s], entry.helped[p]?.[s]]) {
          if (scores === undefined) continue;
          correct[split] += scores.correct;
          lossTotals[split] = addInOrder(lossTotals[split], scores.losses);
        }
      });
    });
    this.freeSlots.push(entry.values);
    entry.resolve(splitScores(correct, lossTotals, this.counts));
    this.send();
  }

  /** A worker that fails fails every evaluation asked for, now and later. */
  private fail(error: Error): void {
    this.failure = error;
    this.queue.length = 0;
    for (const entry of this.pending.values()) entry.reject(error);
    this.pending.clear();
  }
}

/** Correct counts and summed losses per split, over the splits' sizes. */
function splitScores(
  correct: readonly [number, number],
  lossTotals: readonly [number, number],
  counts: readonly [number, number],
): SplitScores {
  return {
    trainAcc: correct[0] / counts[0],
    testAcc: correct[1] / counts[1],
    trainLoss: lossTotals[0] / counts[0],
    testLoss: lossTotals[1] / counts[1],
  };
}

/** The same answers computed on this thread, at once (--threads 0). */
export class InlineEvaluator implements AccuracyEvaluator {
  readonly passMs: number[] = [];
  private readonly forward: SparseForward;
  /** Each row's loss, for the larger split. */
  private readonly losses: Float64Array;

  constructor(
    options: Omit<ParallelEvaluatorOptions, 'threads'>,
    private readonly splits: readonly [SparseSplit, SparseSplit],
  ) {
    const { backend, precision, shape } = options;
    this.forward = new SparseForward(backend, shape, allocator(backend, precision));
    this.losses = new Float64Array(Math.max(splits[0].rows.rowCount, splits[1].rows.rowCount));
  }

  evaluate(values: ForwardValues): Promise<SplitScores> {
    return Promise.resolve(this.evaluateNow(values));
  }

  evaluateNow(values: ForwardValues): SplitScores {
    const started = performance.now();
    this.forward.load(values);
    const [train, test] = this.splits.map(({ rows, labels }) => {
      const losses = this.losses.subarray(0, rows.rowCount);
      const correct = this.forward.score(rows, labels, 0, rows.rowCount, losses);
      return { correct, lossTotal: addInOrder(0, losses) };
    });
    this.passMs.push(performance.now() - started);
    const counts = [this.splits[0].rows.rowCount, this.splits[1].rows.rowCount] as const;
    return splitScores([train.correct, test.correct], [train.lossTotal, test.lossTotal], counts);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
