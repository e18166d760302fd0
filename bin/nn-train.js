#!/usr/bin/env node
import { main } from '../dist/cli/train.js';

await main(process.argv);
