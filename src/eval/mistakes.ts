// Reading class probabilities: the top-k classes of one sample, and the mistakes the network was
// surest of — the most instructive ones to look at.

export interface ClassProbability {
  readonly digit: number;
  readonly probability: number;
}

export interface Mistake {
  /** Position of the sample in its split. */
  readonly index: number;
  readonly label: number;
  readonly predicted: number;
  /** Probability the network gave its (wrong) prediction. */
  readonly confidence: number;
  readonly top: readonly ClassProbability[];
}

/** The k most probable classes, most probable first; ties go to the smaller digit. */
export function topK(probabilities: ArrayLike<number>, k: number): ClassProbability[] {
  const ranked = Array.from(probabilities, (probability, digit) => ({ digit, probability }));
  ranked.sort((a, b) => b.probability - a.probability || a.digit - b.digit);
  return ranked.slice(0, Math.max(0, k));
}

// probabilities: (n, classCount), predictions: (n), labels: (n) -> up to `limit` mistakes
/**
 * The wrongly predicted samples with the highest probability on their prediction, surest first;
 * ties go to the earlier sample. `predictions` are passed in rather than re-derived so that they
 * are exactly the ones the accuracy was counted from.
 */
export function mostConfidentMistakes(
  probabilities: ArrayLike<number>,
  predictions: ArrayLike<number>,
  labels: ArrayLike<number>,
  classCount: number,
  limit: number,
  topCount = 3,
): Mistake[] {
  if (probabilities.length !== labels.length * classCount || predictions.length !== labels.length) {
    throw new RangeError(
      `${probabilities.length} probabilities and ${predictions.length} predictions do not fit ${labels.length} samples of ${classCount} classes`,
    );
  }
  const wrong: { index: number; confidence: number }[] = [];
  for (let i = 0; i < labels.length; i++) {
    if (predictions[i] !== labels[i]) {
      wrong.push({ index: i, confidence: probabilities[i * classCount + predictions[i]] });
    }
  }
  wrong.sort((a, b) => b.confidence - a.confidence || a.index - b.index);
  return wrong.slice(0, Math.max(0, limit)).map(({ index, confidence }) => {
    const row = Array.from({ length: classCount }, (_, c) => probabilities[index * classCount + c]);
    return {
      index,
      label: labels[index],
      predicted: predictions[index],
      confidence,
      top: topK(row, topCount),
    };
  });
}
