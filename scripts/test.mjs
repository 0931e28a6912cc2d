#!/usr/bin/env node
// `npm test`: the type-check, the linter and the formatting check run beside the test files rather than before
// them (they are mostly one core each, and the test run leaves a core idle while it waits for servers and model
// latency). The checks' output is held and printed after the tests, each under its name; any failure, in a check
// or a test, fails the run. Arguments are passed to `vitest run` (`npm test -- test/channels/cli`).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

const checks = [
  { name: 'type-check (tsc --noEmit)', command: bin('tsc'), args: ['--noEmit'] },
  { name: 'lint (eslint .)', command: bin('eslint'), args: ['.'] },
  {
    name: 'formatting (prettier --check)',
    command: bin('prettier'),
    args: ['--check', '--log-level', 'warn', '**/*.{ts,js,mjs}'],
  },
];

function run(command, args, captured) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: captured ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    if (captured) {
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
    }
    child.once('error', (error) => resolve({ code: 1, output: `${error.message}\n`, seconds: 0 }));
    child.once('exit', (code, signal) =>
      resolve({ code: code ?? (signal ? 1 : 0), output, seconds: (Date.now() - started) / 1000 }),
    );
  });
}

const checking = checks.map((check) => run(check.command, check.args, true).then((result) => ({ check, result })));
const tests = await run(bin('vitest'), ['run', ...process.argv.slice(2)], false);
let failed = tests.code !== 0;
for (const { check, result } of await Promise.all(checking)) {
  if (result.code === 0) {
    process.stdout.write(`${check.name}: passed (${result.seconds.toFixed(1)} s)\n`);
  } else {
    failed = true;
    process.stdout.write(`\n${check.name}: FAILED (exit ${result.code})\n${result.output}\n`);
  }
}
process.exitCode = failed ? 1 : 0;
