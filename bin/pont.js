#!/usr/bin/env node
// The `pont` command: the compiled build/ when it is current, else the sources through tsx (bin/entry.js).
import { load } from './entry.js';

const { main } = await load('channels/cli/main');
process.exitCode = await main(process.argv.slice(2));
