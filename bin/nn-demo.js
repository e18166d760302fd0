#!/usr/bin/env node
import { main } from '../dist/cli/demo.js';

await main(process.argv);
