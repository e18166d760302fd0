// Worker thread of the parallel evaluator: holds a fixed range of sparse MNIST rows and, for
// each set of network values posted to it, answers per segment of its rows how many the network
// classifies correctly and each row's cross-entropy.

import { parentPort, workerData } from 'node:worker_threads';
import { loadBackend } from './load-backend.js';
import { allocator } from './precision.js';
import { SparseForward } from './sparse-forward.js';
import { workerRows, type EvaluationTask, type WorkerSetup } from './parallel-evaluator.js';

const setup = workerData as WorkerSetup;
const backend = await loadBackend(setup.backend, setup.region);
const forward = new SparseForward(backend, setup.shape, allocator(backend, setup.precision));

parentPort?.on('message', (task: EvaluationTask) => {
  const started = performance.now();
  forward.load(task.values);
  const scores = setup.segments.map(({ rows, labels }) => {
    const losses = new Float64Array(workerRows(rows.rowCount, task.share));
    return { correct: forward.score(rows, labels, 0, losses.length, losses), losses };
  });
  parentPort?.postMessage({ id: task.id, scores, ms: performance.now() - started });
});
