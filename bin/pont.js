#!/usr/bin/env node
// The `pont` command: runs the TypeScript sources through tsx, so there is no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/channels/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
