// Preloaded into each measured process: reports its peak resident memory on fd 3 at exit.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  try {
    writeSync(3, `${process.resourceUsage().maxRSS}\n`);
  } catch {
    // No fd 3: not run by the benchmark.
  }
});
