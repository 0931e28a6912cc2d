import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// What a process loads before it can answer: the modules reached from an entry point through static imports (not
// `import type`, not `await import(…)`, which runs only when needed). The platform SDKs and document parsers take
// most of a start-up's time to load, so neither the server before its port opens nor `pont ask` may reach them.

const srcDir = path.resolve('src');
/** Packages loaded only once they are needed: the channels' SDKs after the port opens, the parsers when ingesting. */
const heavy = [
  /^@slack\//,
  /^botbuilder/,
  /^botframework-/,
  /^@microsoft\//,
  /^@azure\//,
  /^mammoth$/,
  /^jszip$/,
  /^unpdf$/,
  /^undici$/,
  /^htmlparser2$/,
  /^node-html-parser$/,
  /^openai$/,
];

/** Static value imports and re-exports of a file; a clause naming only types loads nothing at run time. */
function staticImportsOf(file: string): string[] {
  const source = fs.readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of source.matchAll(/^(?:import|export)\s+(?!type\s)(?:([^'";]*?)\s*from\s*)?['"]([^'"]+)['"]/gm)) {
    const clause = match[1] ?? '';
    const names = /^\{([^}]*)\}$/
      .exec(clause.trim())?.[1]
      ?.split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    if (names && names.length > 0 && names.every((name) => name.startsWith('type '))) continue;
    found.push(match[2]!);
  }
  return found;
}

/** The packages reached from `entry`, each with the chain of files that first reached it, and the files reached. */
function reachedFrom(entry: string): { packages: Map<string, string>; files: string[] } {
  const start = path.join(srcDir, entry);
  const reachedBy = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  const packages = new Map<string, string>();
  const chain = (file: string | null): string => {
    const files: string[] = [];
    for (let current = file; current; current = reachedBy.get(current) ?? null)
      files.unshift(path.relative(srcDir, current));
    return files.join(' > ');
  };
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const specifier of staticImportsOf(file)) {
      if (specifier.startsWith('.')) {
        const target = path.resolve(path.dirname(file), specifier);
        if (!reachedBy.has(target) && fs.existsSync(target) && fs.statSync(target).isFile()) {
          reachedBy.set(target, file);
          queue.push(target);
        }
      } else if (!specifier.startsWith('node:')) {
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
        if (!packages.has(name)) packages.set(name, chain(file));
      }
    }
  }
  return { packages, files: [...reachedBy.keys()].map((file) => path.relative(srcDir, file)) };
}

const packagesReachedFrom = (entry: string) => reachedFrom(entry).packages;

const heavyFrom = (entry: string) =>
  [...packagesReachedFrom(entry)]
    .filter(([name]) => heavy.some((pattern) => pattern.test(name)))
    .map(([name, via]) => `${name} (via ${via})`);

describe('start-up loads only what it needs', () => {
  it('finds the packages an entry point reaches (the check below is not vacuous)', () => {
    expect([...packagesReachedFrom('channels/teams/index.ts').keys()]).toEqual(
      expect.arrayContaining(['botbuilder', '@microsoft/teams-ai']),
    );
    expect([...packagesReachedFrom('server.ts').keys()]).toEqual(expect.arrayContaining(['express']));
    expect([...packagesReachedFrom('app.ts').keys()]).toEqual(expect.arrayContaining(['yaml']));
  });

  it('the server opens its port before loading any channel SDK or document parser', () => {
    expect(heavyFrom('main.ts')).toEqual([]);
  });

  it('the server opens its port before loading Express, the core or the database', () => {
    const reached = [...packagesReachedFrom('main.ts').keys()];
    expect(reached).not.toContain('express');
    expect(reached).not.toContain('@electric-sql/pglite');
    expect(reached).not.toContain('pg');
  });

  it('pont ask and every other command load no channel SDK or document parser until they need one', () => {
    expect(heavyFrom('channels/cli/main.ts')).toEqual([]);
    expect(heavyFrom('app.ts')).toEqual([]);
  });

  it('pont help and pont --version load no package and none of the core, the settings or the store', () => {
    const { packages, files } = reachedFrom('channels/cli/main.ts');
    expect([...packages].map(([name, via]) => `${name} (via ${via})`)).toEqual([]);
    expect(files.filter((file) => /^(core|store|config|app)\b/.test(file))).toEqual([]);
    // NOTE: the command modules themselves are reached (help lists them); what they need is imported when they run.
    expect(files).toEqual(expect.arrayContaining(['channels/cli/commands/ask.ts', 'channels/cli/commands/skills.ts']));
  });
});
