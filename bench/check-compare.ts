// npm run reference:compare: every nn-compare experiment at full size against the numpy runs of
// the book's scripts (test/fixtures/ch6/), under the promise of test/train/chapter6-reference.ts,
// and `nn-compare --vary lr=0.01,0.5 --iters 1201 --seed 0` against nn-train's two runs. Prints
// one line per check and exits 1 if any fails. Takes tens of minutes on 2 cores.
//
//   npm run reference:compare                    all of them
//   npm run reference:compare -- batch-norm vary some of them

import { availableParallelism } from 'node:os';
import { compareCommand } from '../src/cli/compare.js';
import { trainCommand } from '../src/cli/train.js';
import { runCommand } from '../src/cli/run.js';
import type { CompareResult, CompareRun } from '../src/compare/result.js';
import { runBookExperiment } from '../src/compare/run-experiment.js';
import type { BookExperiment } from '../src/compare/experiments.js';
import { loadBackend } from '../src/fast/load-backend.js';
import { standIn } from '../test/cli/in-process.js';
import { bundledMnist } from '../test/train/bundled-mnist.js';
import {
  compareAccuracies,
  PROMISE,
  readReference,
  worstRelativeLoss,
  type AccuracyComparison,
} from '../test/train/chapter6-reference.js';

interface Row {
  iter: number;
  trainAcc: number;
  testAcc: number;
}

let failures = 0;

function verdict(name: string, ok: boolean, detail: string): void {
  if (!ok) failures++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${detail}`);
}

/** The promise on one run's losses: the first 100 within 1e-9, and how close the rest stay. */
function checkLosses(name: string, ours: readonly number[], numpy: readonly number[]): void {
  const n = Math.min(ours.length, numpy.length);
  const first = worstRelativeLoss(ours, numpy.slice(0, PROMISE.lossIterations));
  let all = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(numpy[i])) {
      all = Math.max(all, Math.abs(ours[i] - numpy[i]) / Math.abs(numpy[i]));
    }
  }
  verdict(
    `${name} losses`,
    first <= PROMISE.lossRelative && ours.length === numpy.length,
    `${ours.length}/${numpy.length} iterations, first ${PROMISE.lossIterations} within ` +
      `${first.toExponential(2)}, all within ${all.toExponential(2)}`,
  );
}

function checkRows(name: string, comparison: AccuracyComparison): void {
  const share = comparison.identical / comparison.compared;
  verdict(
    `${name} accuracies`,
    comparison.worstImages <= PROMISE.imagesOff && share >= PROMISE.identicalShare,
    `${comparison.identical}/${comparison.compared} identical, at most ` +
      `${comparison.worstImages} image(s) off`,
  );
}

const dataset = await bundledMnist();
const backend = await loadBackend('wasm');

async function run(experiment: BookExperiment): Promise<CompareResult> {
  const started = performance.now();
  const result = await runBookExperiment(experiment, {
    dataset,
    backend,
    backendName: 'wasm',
    threads: availableParallelism(),
    seed: 0,
  });
  console.log(`${experiment}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** An experiment whose numpy fixture holds only its runs' losses: each run's against its own. */
async function checkRunLosses(experiment: BookExperiment, fixture: string): Promise<void> {
  const numpy = readReference<{ runs: { name: string; losses: number[] }[] }>(fixture);
  const result = await run(experiment);
  numpy.runs.forEach((reference, k) =>
    checkLosses(reference.name, result.runs[k].losses, reference.losses),
  );
}

const CHECKS: Record<string, () => Promise<void>> = {
  optimizers: () => checkRunLosses('optimizers', 'numpy-optimizer-compare-mnist.json'),
  'weight-init': () => checkRunLosses('weight-init', 'numpy-weight-init-compare.json'),
  async 'batch-norm'() {
    const numpy = readReference<{
      runs: {
        scale: number;
        epochs: { iter: number; trainAcc: number; bnTrainAcc: number }[];
        bnGradientLosses: number[];
        gradientLosses: number[];
      }[];
    }>('numpy-batch-norm-test.json');
    const result = await run('batch-norm');
    const totals = { compared: 0, identical: 0, worstImages: 0 };
    numpy.runs.forEach((reference, s) => {
      const pairs: [CompareRun, 'bnTrainAcc' | 'trainAcc', number[]][] = [
        [result.runs[2 * s], 'bnTrainAcc', reference.bnGradientLosses],
        [result.runs[2 * s + 1], 'trainAcc', reference.gradientLosses],
      ];
      for (const [ours, key, losses] of pairs) {
        // A run that diverged stops at numpy's first NaN (its last loss); numpy's goes on.
        const finite = losses.findIndex((loss) => !Number.isFinite(loss));
        const name = `W:${reference.scale} ${ours.name}`;
        if (finite === -1) {
          checkLosses(name, ours.losses, losses);
        } else {
          checkLosses(name, ours.losses.slice(0, finite), losses.slice(0, finite));
          verdict(
            `${name} divergence`,
            ours.status === 'diverged' && ours.divergedAt === finite,
            `diverged at ${ours.divergedAt}, numpy's loss NaN from ${finite}`,
          );
        }
        const rows: Row[] = reference.epochs
          .slice(0, ours.epochs.length)
          .map((row) => ({ iter: row.iter, trainAcc: row[key], testAcc: row[key] }));
        const comparison = compareAccuracies(ours.epochs, rows, { train: 1000, test: 1000 });
        totals.compared += comparison.compared / 2;
        totals.identical += comparison.identical / 2;
        totals.worstImages = Math.max(totals.worstImages, comparison.worstImages);
      }
    });
    checkRows('batch-norm, all 32 runs', totals);
  },
  async overfit() {
    const numpy = readReference<{
      runs: { name: string; epochs: Row[]; gradientLosses: number[] }[];
    }>('numpy-overfit.json');
    const results = [await run('weight-decay'), await run('dropout')];
    const ours = results.flatMap((result) => result.runs);
    numpy.runs.forEach((reference, k) => {
      checkLosses(reference.name, ours[k].losses, reference.gradientLosses);
      checkRows(
        reference.name,
        compareAccuracies(ours[k].epochs, reference.epochs, { train: 300, test: 10000 }),
      );
    });
  },
  async hyperparams() {
    const numpy = readReference<{
      trials: {
        lr: number;
        weightDecay: number;
        evalIters: number[];
        valAccs: number[];
        trainAccs: number[];
        gradientLosses: number[];
      }[];
      best: number[];
    }>('numpy-hyperparameter-optimization.json');
    const result = await run('hyperparams');
    const drawsEqual = numpy.trials.every(
      (trial, k) =>
        result.runs[k].config.optimizer.learningRate === trial.lr &&
        result.runs[k].config.network.weightDecayLambda === trial.weightDecay,
    );
    verdict(
      'hyperparams draws',
      drawsEqual,
      "every trial's lr and weight decay numpy's, bit for bit",
    );
    const totals = { compared: 0, identical: 0, worstImages: 0 };
    let worstLoss = 0;
    numpy.trials.forEach((trial, k) => {
      const run = result.runs[k];
      worstLoss = Math.max(
        worstLoss,
        worstRelativeLoss(run.losses, trial.gradientLosses.slice(0, 100)),
      );
      const rows = trial.evalIters.map((iter, e) => ({
        iter,
        trainAcc: trial.trainAccs[e],
        testAcc: trial.valAccs[e],
      }));
      const comparison = compareAccuracies(run.epochs, rows, { train: 400, test: 100 });
      totals.compared += comparison.compared;
      totals.identical += comparison.identical;
      totals.worstImages = Math.max(totals.worstImages, comparison.worstImages);
    });
    verdict(
      'hyperparams losses',
      worstLoss <= PROMISE.lossRelative,
      `first ${PROMISE.lossIterations} of every trial within ${worstLoss.toExponential(2)}`,
    );
    checkRows('hyperparams, 100 trials', totals);
    const best = result.runs
      .map((run, index) => ({ group: run.group, index }))
      .filter((run) => run.group !== undefined)
      .sort((a, b) => Number(a.group?.slice(5)) - Number(b.group?.slice(5)))
      .map((run) => run.index);
    verdict('hyperparams best 20', best.join() === numpy.best.join(), best.join(' '));
  },
  async vary() {
    const args = ['--iters', '1201', '--seed', '0', '--source', 'bundled', '--json'];
    const started = performance.now();
    const compared = JSON.parse(
      await stdoutOf(compareCommand, ['--vary', 'lr=0.01,0.5', ...args]),
    ) as CompareResult;
    console.log(`vary: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    for (const [k, lr] of ['0.01', '0.5'].entries()) {
      const trained = JSON.parse(await stdoutOf(trainCommand, ['--lr', lr, ...args])) as CompareRun;
      const strip = (rows: { elapsedMs: number }[]) => rows.map(({ elapsedMs: _, ...row }) => row);
      const same =
        JSON.stringify(strip(compared.runs[k].epochs)) === JSON.stringify(strip(trained.epochs)) &&
        JSON.stringify(compared.runs[k].final) === JSON.stringify(trained.final);
      verdict(`vary lr=${lr}`, same, "rows and final accuracy equal to nn-train's");
    }
  },
};

async function stdoutOf(command: typeof compareCommand, args: string[]): Promise<string> {
  const stand = standIn();
  const status = await runCommand(command, ['node', command.name, ...args], stand.terminal);
  if (status !== 0) throw new Error(`${command.name} ${args.join(' ')}: exit ${status}`);
  return stand.stdout.text;
}

const asked = process.argv.slice(2);
for (const name of asked.length > 0 ? asked : Object.keys(CHECKS)) {
  const check = CHECKS[name];
  if (check === undefined) {
    console.error(`check-compare: no check ${name}: ${Object.keys(CHECKS).join(', ')}`);
    process.exit(2);
  }
  await check();
}
console.log(failures === 0 ? 'every check kept the promise' : `${failures} check(s) failed`);
process.exitCode = failures === 0 ? 0 : 1;
