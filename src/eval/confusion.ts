// The confusion matrix and what is read off it: accuracy, per-class precision and recall, and the
// cells where the network goes wrong most often. Rows are the true class, columns the prediction,
// the layout scikit-learn's confusion_matrix uses.

export interface ConfusionMatrix {
  readonly classCount: number;
  /** counts[actual][predicted] */
  readonly counts: readonly (readonly number[])[];
  readonly total: number;
  readonly correct: number;
}

export interface ClassScore {
  readonly digit: number;
  /** Of the samples predicted as this class, the share that are; null when none were. */
  readonly precision: number | null;
  /** Of the samples of this class, the share predicted as such; null when there are none. */
  readonly recall: number | null;
  /** How many samples of this class the set holds. */
  readonly support: number;
  /** How many samples were predicted as this class. */
  readonly predicted: number;
}

export interface ConfusionCell {
  readonly actual: number;
  readonly predicted: number;
  readonly count: number;
}

// labels: (n), predictions: (n) -> counts: (classCount, classCount)
export function confusionMatrix(
  labels: ArrayLike<number>,
  predictions: ArrayLike<number>,
  classCount: number,
): ConfusionMatrix {
  if (labels.length !== predictions.length) {
    throw new RangeError(`${labels.length} labels but ${predictions.length} predictions`);
  }
  const counts = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    const actual = labels[i];
    const predicted = predictions[i];
    if (!isClass(actual, classCount) || !isClass(predicted, classCount)) {
      throw new RangeError(
        `sample ${i}: class ${actual} -> ${predicted} outside 0..${classCount - 1}`,
      );
    }
    counts[actual][predicted]++;
    if (actual === predicted) correct++;
  }
  return { classCount, counts, total: labels.length, correct };
}

function isClass(value: number, classCount: number): boolean {
  return Number.isInteger(value) && value >= 0 && value < classCount;
}

/** Share of samples on the diagonal; 0 for an empty set. */
export function accuracyOf(matrix: ConfusionMatrix): number {
  return matrix.total === 0 ? 0 : matrix.correct / matrix.total;
}

export function classScores(matrix: ConfusionMatrix): ClassScore[] {
  const { classCount, counts } = matrix;
  return Array.from({ length: classCount }, (_, digit) => {
    const hits = counts[digit][digit];
    const support = counts[digit].reduce((sum, count) => sum + count, 0);
    let predicted = 0;
    for (let actual = 0; actual < classCount; actual++) predicted += counts[actual][digit];
    return {
      digit,
      precision: predicted === 0 ? null : hits / predicted,
      recall: support === 0 ? null : hits / support,
      support,
      predicted,
    };
  });
}

/**
 * The `limit` largest off-diagonal cells with a count above zero, largest first; ties go to the
 * smaller true class, then the smaller prediction, so the choice is stable from run to run.
 */
export function worstCells(matrix: ConfusionMatrix, limit: number): ConfusionCell[] {
  const cells: ConfusionCell[] = [];
  matrix.counts.forEach((row, actual) =>
    row.forEach((count, predicted) => {
      if (actual !== predicted && count > 0) cells.push({ actual, predicted, count });
    }),
  );
  cells.sort((a, b) => b.count - a.count || a.actual - b.actual || a.predicted - b.predicted);
  return cells.slice(0, Math.max(0, limit));
}
