#!/usr/bin/env node
import { main } from '../dist/cli/grad.js';

await main(process.argv);
