// Loaded into a command under test with `node --import`: on exit, writes the process's peak
// resident memory (kB) to $PEAK_MEMORY_FILE, so a case can tell whether memory was allocated.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  writeFileSync(process.env.PEAK_MEMORY_FILE, String(process.resourceUsage().maxRSS));
});
