import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { environmentSchema } from '../../src/config.ts';
import { settingsFile, settingsTable, settingTexts, withTable } from '../../scripts/settings-table.ts';

describe('docs/operate/settings.md', () => {
  it('holds the table npm run docs:settings generates from the zod schema (run it after changing src/config.ts)', () => {
    const page = fs.readFileSync(settingsFile, 'utf8');
    expect(withTable(page, settingsTable())).toBe(page);
  });

  it('describes every setting the schema accepts, and no other', () => {
    expect(Object.keys(settingTexts).sort()).toEqual(Object.keys(environmentSchema.shape).sort());
  });

  it('shows each schema default and range in its row', () => {
    const page = fs.readFileSync(settingsFile, 'utf8');
    expect(page).toContain(
      `| \`PONT_WORKERS\` | \`${environmentSchema.shape.PONT_WORKERS.parse(undefined)}\` | whole number, 1–1000 |`,
    );
    expect(page).toContain('| `LOG_LEVEL` | `info` | `fatal`, `error`, `warn`, `info`, `debug`, `trace`, `silent` |');
  });

  it('links each row to a page that exists', () => {
    for (const text of Object.values(settingTexts)) {
      expect(fs.existsSync(new URL(`../../docs/operate/${text.page}`, import.meta.url)), text.page).toBe(true);
    }
  });
});
