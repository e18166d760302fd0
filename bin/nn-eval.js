#!/usr/bin/env node
import { main } from '../dist/cli/eval.js';

await main(process.argv);
