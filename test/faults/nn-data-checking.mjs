// nn-data in a process of its own, as bin/nn-data.js runs it, but checking the files against the
// sha256 table in the JSON file named by its first argument (dataCommandChecking): for the
// download cases that need a process of their own, on the fault catalogue's small stand-ins.
import { readFileSync } from 'node:fs';
import { dataCommandChecking } from '../../dist/cli/data.js';
import { runMain } from '../../dist/cli/run.js';

const [node, script, table, ...args] = process.argv;
const checksums = JSON.parse(readFileSync(table, 'utf8'));
await runMain(dataCommandChecking(checksums), [node, script, ...args]);
