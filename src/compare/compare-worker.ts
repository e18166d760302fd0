// A worker thread of nn-compare: trains the tasks the main thread sends (worker-protocol.ts),
// one at a time, reporting progress, each run as it ends, and the end of the task.

import { parentPort, workerData } from 'node:worker_threads';
import { RandomState } from '../core/random.js';
import { MnistSplit, type Dataset } from '../data/dataset.js';
import { loadBackend } from '../fast/load-backend.js';
import type { Network } from '../nn/network.js';
import { runLockstep } from './lockstep.js';
import { modelText } from './model-text.js';
import type { CompareRun } from './result.js';
import { runSeparate } from './separate.js';
import type { FromWorker, ToWorker, WorkerSetup, WorkerTask } from './worker-protocol.js';

const setup = workerData as WorkerSetup;
const port = parentPort;
if (port === null) throw new Error('compare-worker runs as a worker thread');

const dataset: Dataset = {
  train: new MnistSplit(setup.dataset.trainImages, setup.dataset.trainLabels),
  test: new MnistSplit(setup.dataset.testImages, setup.dataset.testLabels),
};
let stopping = new AbortController();

const send = (message: FromWorker) => port.postMessage(message);

function sendRun(run: CompareRun, index: number, net: Network, seed: number): void {
  const model = setup.isSavingModels ? modelText(run, net, seed) : undefined;
  send({ type: 'run', index, run, ...(model === undefined ? {} : { model }) });
}

async function perform(task: WorkerTask): Promise<boolean> {
  // A fresh backend per task: a WebAssembly backend's memory is never freed (lockstep.ts).
  const backend = await loadBackend(setup.backend);
  if (task.kind === 'separate') {
    const { run, result } = await runSeparate({
      planned: task.planned,
      seed: task.seed,
      dataset,
      backend,
      random: task.random === undefined ? undefined : RandomState.fromState(task.random),
      step: task.planned.step,
      precision: task.planned.precision,
      signal: stopping.signal,
      onIterations: (done) => send({ type: 'progress', done }),
    });
    sendRun(run, task.index, result.net, task.seed);
    return run.status === 'interrupted';
  }
  const owned = new Set(task.owned);
  const { isInterrupted } = await runLockstep({
    plan: task.plan,
    dataset,
    backend,
    stageBackend: () => loadBackend(setup.backend),
    random: new RandomState(task.seed),
    signal: stopping.signal,
    owns: (index) => owned.has(index),
    onProgress: ({ done }) => send({ type: 'progress', done }),
    onRun: (run, index, net) => sendRun(run, index, net, task.seed),
  });
  return isInterrupted;
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'stop') {
    stopping.abort();
    return;
  }
  perform(message.task).then(
    (isInterrupted) => {
      send({ type: 'done', isInterrupted });
      if (!stopping.signal.aborted) stopping = new AbortController();
    },
    (error: unknown) => send({ type: 'failed', message: String((error as Error).message) }),
  );
});
