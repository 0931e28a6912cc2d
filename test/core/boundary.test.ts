import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const coreDir = path.resolve('src/core');
const forbidden = [/@slack\//, /@microsoft\//, /botbuilder/, /^openai/, /^pg$/, /@electric-sql\//, /^express/, /\/store\//, /\/channels\//, /\/llm\//];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('the core', () => {
  it('imports no channel, SDK, database driver or language-model client', () => {
    const offences: string[] = [];
    for (const file of sourceFiles(coreDir)) {
      const source = fs.readFileSync(file, 'utf8');
      for (const match of source.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        const specifier = match[1]!;
        if (forbidden.some((pattern) => pattern.test(specifier))) offences.push(`${path.relative(coreDir, file)} imports ${specifier}`);
      }
    }
    expect(offences).toEqual([]);
  });
});
