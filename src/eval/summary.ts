// Everything nn-eval reports about one split, as plain data: what the terminal report, the JSON
// output and the SVG are all drawn from, so the three cannot disagree.

import { CLASS_COUNT } from '../data/dataset.js';
import {
  accuracyOf,
  classScores,
  worstCells,
  type ClassScore,
  type ConfusionCell,
} from './confusion.js';
import type { SplitEvaluation } from './model-predictions.js';
import { mostConfidentMistakes, type Mistake } from './mistakes.js';

export type SetName = 'train' | 'test';

/** How many off-diagonal cells count as "worst" and are highlighted. */
export const WORST_CELL_COUNT = 3;

export interface EvalSummary {
  readonly set: SetName;
  readonly samples: number;
  readonly correct: number;
  readonly accuracy: number;
  /** confusion[actual][predicted] */
  readonly confusion: readonly (readonly number[])[];
  readonly classes: readonly ClassScore[];
  readonly worstCells: readonly ConfusionCell[];
  readonly mistakes: readonly Mistake[];
}

export function summarize(
  evaluation: SplitEvaluation,
  labels: Uint8Array,
  set: SetName,
  mistakeCount: number,
): EvalSummary {
  const { confusion } = evaluation;
  return {
    set,
    samples: confusion.total,
    correct: confusion.correct,
    accuracy: accuracyOf(confusion),
    confusion: confusion.counts,
    classes: classScores(confusion),
    worstCells: worstCells(confusion, WORST_CELL_COUNT),
    mistakes: mostConfidentMistakes(
      evaluation.probabilities,
      evaluation.predictions,
      labels,
      CLASS_COUNT,
      mistakeCount,
    ),
  };
}
