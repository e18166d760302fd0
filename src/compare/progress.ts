// What the engine tells whoever watches an experiment: iterations done out of all it will run.

export interface CompareProgress {
  /** Iterations done over all runs so far. */
  done: number;
  /** Iterations of the whole experiment (runs ended early count as done). */
  total: number;
  /** The run being trained, by name. */
  run: string;
}

export type ProgressListener = (progress: CompareProgress) => void;
