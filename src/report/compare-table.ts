// The table nn-compare ends with: one row per run, in the experiment's order, with its final
// train and test (or validation) accuracy, its best test accuracy and when, its final loss and
// how long it took, and whether it diverged or was stopped. On a terminal the table fits the
// width by shortening the names; the plain form, for files and pipes, keeps every name whole.

import type { CompareResult, CompareRun } from '../compare/result.js';
import { testSetName } from './compare-style.js';
import { formatDuration } from './duration.js';
import { displayWidth, padStartVisible, truncateToWidth } from './text-width.js';

const GAP = '  ';
/** Names are shortened to no fewer columns than this; the table then drops columns instead. */
const MIN_NAME = 12;

interface Column {
  label: string;
  cells: string[];
  /** dropped, in this order, when the names alone cannot make the table fit */
  dropOrder?: number;
}

/** "w=0.0117 Batch Normalization" where runs share names across panels, else the name. */
function rowName(run: CompareRun): string {
  return run.group === undefined ? run.name : `${run.group} ${run.name}`;
}

const accuracy = (value: number | undefined) => (value === undefined ? '-' : value.toFixed(4));

/** Epoch-based experiments say when by epoch, the iteration-based ones by iteration. */
function bestCell(result: CompareResult, run: CompareRun): string {
  if (!run.best) return '-';
  const byEpoch = result.figure !== 'losses';
  const row = run.epochs.find((r) => r.iter === run.best?.iter);
  const when = byEpoch && row ? `ep ${row.epoch}` : `it ${run.best.iter}`;
  return `${accuracy(run.best.testAcc)} ${when}`;
}

/** The last loss recorded: of the last iteration, or of the last evaluation when none were. */
function finalLoss(run: CompareRun): string {
  const loss = run.losses.at(-1) ?? run.epochs.at(-1)?.loss;
  if (loss === undefined) return '-';
  return Number.isFinite(loss) ? loss.toFixed(4) : String(loss);
}

function statusCell(run: CompareRun, isFull: boolean): string {
  if (run.status === 'diverged') {
    return isFull && run.divergedAt !== undefined ? `diverged at ${run.divergedAt}` : 'diverged';
  }
  return run.status === 'interrupted' ? 'stopped' : '';
}

function columnsOf(result: CompareResult, isFull: boolean): Column[] {
  const { runs } = result;
  const test = testSetName(result);
  const columns: Column[] = [
    { label: 'train', cells: runs.map((run) => accuracy(run.final?.trainAcc)) },
    { label: test, cells: runs.map((run) => accuracy(run.final?.testAcc)) },
    { label: `best ${test}`, cells: runs.map((run) => bestCell(result, run)), dropOrder: 1 },
    { label: 'loss', cells: runs.map(finalLoss), dropOrder: 2 },
    { label: 'time', cells: runs.map((run) => formatDuration(run.durationMs)), dropOrder: 0 },
  ];
  if (runs.some((run) => run.status !== 'completed')) {
    columns.push({ label: 'status', cells: runs.map((run) => statusCell(run, isFull)) });
  }
  return columns;
}

const widthOf = (column: Column) =>
  Math.max(displayWidth(column.label), ...column.cells.map(displayWidth));

function render(names: string[], nameWidth: number, columns: Column[]): string {
  const widths = columns.map(widthOf);
  const line = (name: string, cells: string[]) =>
    [name.padEnd(nameWidth), ...cells.map((cell, c) => padStartVisible(cell, widths[c]))]
      .join(GAP)
      .trimEnd();
  const lines = [
    line(
      'run',
      columns.map((column) => column.label),
    ),
    ...names.map((name, r) =>
      line(
        name,
        columns.map((column) => column.cells[r]),
      ),
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * The table within `width` columns: names shortened with '…' down to 12 columns, then the time,
 * best and loss columns left out, in that order, until it fits. A wider terminal keeps it all.
 */
export function compareTable(result: CompareResult, width = 80): string {
  let columns = columnsOf(result, false);
  const names = result.runs.map(rowName);
  const fullName = Math.max(3, ...names.map(displayWidth));
  const rest = () => columns.reduce((sum, column) => sum + GAP.length + widthOf(column), 0);
  const droppable = columns
    .filter((column) => column.dropOrder !== undefined)
    .sort((a, b) => (a.dropOrder ?? 0) - (b.dropOrder ?? 0));
  while (fullName + rest() > width && Math.min(fullName, MIN_NAME) + rest() > width) {
    const next = droppable.shift();
    if (!next) break;
    columns = columns.filter((column) => column !== next);
  }
  const nameWidth = Math.max(3, Math.min(fullName, width - rest()));
  return render(
    names.map((name) => truncateToWidth(name, nameWidth)),
    nameWidth,
    columns,
  );
}

/** The table for files and pipes: every column, every name whole, "diverged at N". */
export function plainCompareTable(result: CompareResult): string {
  const names = result.runs.map(rowName);
  return render(names, Math.max(3, ...names.map(displayWidth)), columnsOf(result, true));
}
