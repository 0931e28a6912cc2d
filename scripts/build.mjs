#!/usr/bin/env node
/**
 * `npm run build` (and npm's `prepare` step, so `npm ci` runs it): compiles src/ to build/ with the TypeScript
 * compiler (emit only: `npm run typecheck` checks the types), mirroring src/ at the same depth so paths that
 * modules resolve from their own location (prompts/, data/, taxonomy/, lexicon/, package.json) still hold,
 * and copies the files in src/ that are not TypeScript (migrations, the web page's assets). bin/ runs build/
 * when it is newer than every file in src/, and the sources through tsx otherwise.
 *
 * Without the TypeScript compiler (an install that left out devDependencies) it builds nothing and says so:
 * bin/ then runs the sources through tsx.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'src');
const out = path.join(root, 'build');
const stamp = path.join(out, '.built');

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  process.stdout.write(
    'build: the TypeScript compiler is not installed, so bin/ will run the sources through tsx (slower to start)\n',
  );
  process.exit(0);
}

fs.rmSync(out, { recursive: true, force: true });
const compiled = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (compiled.status !== 0) {
  fs.rmSync(out, { recursive: true, force: true });
  process.stderr.write('build: the TypeScript compiler failed (above); bin/ will run the sources through tsx\n');
  process.exit(1);
}

let copied = 0;
const copyAssets = (folder) => {
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const from = path.join(folder, entry.name);
    if (entry.isDirectory()) copyAssets(from);
    else if (!entry.name.endsWith('.ts')) {
      const to = path.join(out, path.relative(source, from));
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(from, to);
      copied += 1;
    }
  }
};
copyAssets(source);
fs.writeFileSync(stamp, `${new Date().toISOString()}\n`);
process.stdout.write(`build: src/ compiled to build/ (${copied} other files copied)\n`);
