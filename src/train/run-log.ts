// What a training run has done so far: each iteration's loss, the epoch rows in the order they
// were asked for, and how the run ended. The trainer writes it; the result is read from it.

import type { EpochRecord, RunStatus } from './events.js';

export class RunLog {
  status: RunStatus = 'completed';
  /** The iteration whose loss was NaN or infinite, when the run diverged. */
  divergedAt: number | undefined;
  iterationsDone = 0;
  /** The loss of each iteration's own forward pass, the one its gradient came from. */
  readonly losses: Float64Array;
  /** The epoch rows reported so far, in the order they were asked for. */
  readonly epochs: EpochRecord[] = [];
  /** The iteration after which the last accuracy pass was asked for; -1 before the first. */
  lastEvaluated = -1;
  /** Settles once every row asked for so far has been reported. */
  reported: Promise<void> = Promise.resolve();
  private rowsAsked = 0;
  private epochLossSum = 0;
  private epochLossCount = 0;

  constructor(
    iters: number,
    /** When the loop started, on the trainer's clock. */
    readonly started: number,
  ) {
    this.losses = new Float64Array(iters);
  }

  /** train_loss_list.append(loss); a finite loss also counts toward its epoch's mean. */
  addLoss(i: number, loss: number): void {
    this.losses[i] = loss;
    this.iterationsDone = i + 1;
    if (Number.isFinite(loss)) {
      this.epochLossSum += loss;
      this.epochLossCount++;
    }
  }

  /** Ends the run early; returns false, so that an iteration can `return log.stop(...)`. */
  stop(status: 'interrupted' | 'diverged', at?: number): false {
    this.status = status;
    if (status === 'diverged') this.divergedAt = at;
    return false;
  }

  /** The row of an evaluation after iteration i, but its accuracies: a new epoch begins. */
  newRow(i: number): Pick<EpochRecord, 'epoch' | 'iter' | 'loss'> {
    const row = { epoch: this.rowsAsked++, iter: i, loss: this.epochLossSum / this.epochLossCount };
    this.lastEvaluated = i;
    this.epochLossSum = 0;
    this.epochLossCount = 0;
    return row;
  }

  /** Whether the last iteration done was evaluated already (then its row is the final one). */
  get isLastEvaluated(): boolean {
    return this.lastEvaluated >= 0 && this.lastEvaluated === this.iterationsDone - 1;
  }

  /** The highest test accuracy of any evaluation, the final one included, and its iteration. */
  best(final: { testAcc: number } | null): { testAcc: number; iter: number } | null {
    let best: { testAcc: number; iter: number } | null = null;
    for (const record of this.epochs) {
      if (best === null || record.testAcc > best.testAcc) {
        best = { testAcc: record.testAcc, iter: record.iter };
      }
    }
    // Untrained parameters (a run stopped before its first update) are no one's best.
    const lastIter = this.iterationsDone - 1;
    if (final !== null && lastIter >= 0 && (best === null || final.testAcc > best.testAcc)) {
      best = { testAcc: final.testAcc, iter: lastIter };
    }
    return best;
  }
}
