#!/usr/bin/env node
import { main } from '../dist/cli/data.js';

await main(process.argv);
