// The package.json that goes into the tarball is the repository's without its scripts: they
// build and test a clone (prepare, test, lint) and mean nothing to someone who installs the
// package, and npm warns about a prepare script in an installed package. `npm pack` runs
// `strip` before it reads the files (prepack) and `restore` after (postpack).
//
//   node scripts/pack-manifest.js strip|restore
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const MANIFEST = 'package.json';
const KEPT = '.package.json.repository';

/** The manifest as installed: everything but the scripts. */
export function installedManifest(manifest) {
  const installed = { ...manifest };
  delete installed.scripts;
  return installed;
}

const command = process.argv[2];
if (command === 'strip') {
  // A strip left over from a pack that failed before postpack still holds the real manifest.
  if (!existsSync(KEPT)) renameSync(MANIFEST, KEPT);
  const manifest = JSON.parse(readFileSync(KEPT, 'utf8'));
  writeFileSync(MANIFEST, `${JSON.stringify(installedManifest(manifest), null, 2)}\n`);
} else if (command === 'restore') {
  if (existsSync(KEPT)) renameSync(KEPT, MANIFEST);
} else if (command !== undefined) {
  console.error(`pack-manifest: unknown command ${command} (strip or restore)`);
  process.exit(2);
}
