#!/usr/bin/env node
import { main } from '../dist/cli/compare.js';

await main(process.argv);
