// Loaded into a command under test with `node --import`: on exit, writes the process's peak
// resident memory (kB) to $PEAK_MEMORY_FILE, so a case can tell whether memory was allocated.
// Linux's VmHWM is this process image's own peak; getrusage's maxRSS would also count the
// spawning test process, whose resident memory a forked child carries across exec.
import { readFileSync, writeFileSync } from 'node:fs';

function peakKb() {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]);
  } catch {
    // No /proc: getrusage's figure, an upper bound.
  }
  return process.resourceUsage().maxRSS;
}

process.on('exit', () => {
  writeFileSync(process.env.PEAK_MEMORY_FILE, String(peakKb()));
});
