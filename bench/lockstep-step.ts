// A cheaper figure than the whole optimizers run: optimizer_compare_mnist.py's four networks in
// lockstep on this one thread for a few hundred iterations, then their final accuracies, with
// the CPU time of each part (user + system, steadier than wall time on a shared machine) and a
// fingerprint of every number the run gives, so a change of speed can be checked to change no
// result.
//
//   npx tsx bench/lockstep-step.ts [--iters 200] [--repeat 3]

import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadMnist } from '../src/data/load.js';
import { runPlan } from '../src/compare/run-experiment.js';
import { optimizersPlan } from '../src/compare/experiments.js';
import { loadBackend } from '../src/fast/load-backend.js';
import type { LockstepPlan } from '../src/compare/plan.js';
import type { CompareRun } from '../src/compare/result.js';

const { values } = parseArgs({
  options: {
    iters: { type: 'string', default: '200' },
    repeat: { type: 'string', default: '3' },
  },
});
const iters = Number(values.iters);
const repeat = Number(values.repeat);

const { dataset } = await loadMnist({ source: 'bundled' });
const plan = optimizersPlan(dataset, { iters });
const fingerprint = (runs: CompareRun[]): string => {
  const hash = createHash('sha256');
  for (const run of runs) {
    hash.update(new Uint8Array(Float64Array.from(run.losses).buffer));
    hash.update(JSON.stringify(run.final));
  }
  return hash.digest('hex').slice(0, 16);
};

// One run of the plan on this thread: its CPU milliseconds and its fingerprint.
async function timed(whole: LockstepPlan): Promise<[number, string]> {
  const backend = await loadBackend('wasm');
  const started = process.cpuUsage();
  const result = await runPlan(whole, { dataset, seed: 0, backend, backendName: 'wasm' });
  const used = process.cpuUsage(started);
  return [(used.user + used.system) / 1000, fingerprint(result.runs)];
}

const steps = iters * plan.stages[0].runs.length;
for (let r = 0; r < repeat; r++) {
  const [trainMs, trained] = await timed({ ...plan, finalOnWholeSets: false });
  const [totalMs, whole] = await timed(plan);
  console.log(
    `training ${(trainMs / steps).toFixed(3)} ms a network-iteration (${trained}); ` +
      `final accuracies ${(totalMs - trainMs).toFixed(0)} ms (${whole})`,
  );
}
