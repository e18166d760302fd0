// A compare run's trained network as a model file (docs/model-format.md), as nn-train --save
// writes it: for --save-dir, on whichever thread trained the run.

import { modelOfNet, serializeModel } from '../nn/model-file.js';
import type { Network } from '../nn/network.js';
import type { CompareRun } from './result.js';

/** The model file's text, or undefined for a run with nothing worth saving (diverged, untrained). */
export function modelText(run: CompareRun, net: Network, seed: number): string | undefined {
  if (run.status === 'diverged' || run.losses.length === 0) return undefined;
  return serializeModel(
    modelOfNet(net, run.config.network, {
      seed,
      config: { ...run.config },
      metrics: {
        status: run.status,
        iterationsDone: run.losses.length,
        epochs: run.epochs,
        final: run.final,
      },
    }),
  );
}
