import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { knownDeepImports } from './known-deep-imports.ts';

const srcDir = path.resolve('src');
const coreDir = path.join(srcDir, 'core');
const forbidden = [
  /@slack\//,
  /@microsoft\//,
  /botbuilder/,
  /^openai/,
  /^pg$/,
  /@electric-sql\//,
  /^express/,
  /\/store\//,
  /\/channels\//,
  /\/llm\//,
];
/** The core logs through the Logger it is given and reads no files: pino and the file system stay at the edges. */
const forbiddenInCore = [/^pino(\/|$)/, /^(node:)?fs(\/promises)?$/];

/**
 * Files of the core that still read files themselves; each is to read its file at the edge and take the text.
 * The list may only shrink: a file that no longer reads files must leave it.
 */
const coreFilesStillReadingFiles: string[] = [];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const source = fs.readFileSync(file, 'utf8');
  return [...source.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((match) => match[1]!);
}

/**
 * An import that reaches past a folder's `index.ts`: the innermost folder holding the imported file has an
 * `index.ts`, the importing file is outside that folder, and the import is not of that `index.ts`.
 */
function deepImports(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(srcDir)) {
    for (const specifier of importsOf(file)) {
      if (!specifier.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), specifier);
      const folder = path.dirname(target);
      const outside = !path.dirname(file).startsWith(folder + path.sep) && path.dirname(file) !== folder;
      if (outside && fs.existsSync(path.join(folder, 'index.ts')) && path.basename(target) !== 'index.ts') {
        found.push(`${path.relative(srcDir, file)} -> ${path.relative(srcDir, target)}`);
      }
    }
  }
  return [...new Set(found)].sort();
}

describe('the layers', () => {
  it('keep the core free of channels, SDKs, database drivers and language-model clients', () => {
    const offences: string[] = [];
    for (const file of sourceFiles(coreDir)) {
      for (const specifier of importsOf(file)) {
        if (forbidden.some((pattern) => pattern.test(specifier)))
          offences.push(`${path.relative(coreDir, file)} imports ${specifier}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('keep pino and the file system out of the core', () => {
    const offences: string[] = [];
    for (const file of sourceFiles(coreDir)) {
      for (const specifier of importsOf(file)) {
        if (forbiddenInCore.some((pattern) => pattern.test(specifier))) offences.push(path.relative(coreDir, file));
      }
    }
    expect([...new Set(offences)].sort()).toEqual(coreFilesStillReadingFiles);
  });

  it('keep SQL in the store: no query text in the core', () => {
    const offences = sourceFiles(coreDir).filter((file) =>
      /\b(?:insert\s+into|delete\s+from|select\s+[\w*(]+[\s\S]{0,200}?\bfrom\s+[a-z_]+\b\s*(?:where|order|group|limit|join|;|`))/i.test(
        fs.readFileSync(file, 'utf8'),
      ),
    );
    expect(offences.map((file) => path.relative(coreDir, file))).toEqual([]);
  });

  it('reach into a folder only through its index.ts (no new deep imports; fixed ones leave the list)', () => {
    expect(deepImports()).toEqual([...knownDeepImports].sort());
  });
});
