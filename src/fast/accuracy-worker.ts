// Worker thread of the parallel evaluator: holds a fixed range of sparse MNIST rows and, for
// each set of parameters posted to it, answers how many of its rows per split the network
// classifies correctly.

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
  forward.load(task.params);
  const correct = setup.segments.map((segment) =>
    forward.countCorrect(
      segment.rows,
      segment.labels,
      0,
      workerRows(segment.rows.rowCount, task.share),
    ),
  );
  parentPort?.postMessage({ id: task.id, correct, ms: performance.now() - started });
});
