/**
 * Every shell command shown in README.md and docs/**\/*.md is run or checked here, so the documentation cannot
 * show a command that does not work. Pages added later are picked up on the next run.
 *
 * - `pont …` / `npx pont …` lines run in order, page by page, through the CLI's entry point (`main`), each page
 *   against its own copy of a data folder that holds the starter corpus (`data/`) and the sample staff
 *   directory, as after a first `npm start`. The page's database is opened once for all its commands (opening
 *   it for each took seconds a command). Each must exit 0.
 * - `npm run X`, `npm test`, `npm start`: the script must exist in package.json (running the benchmarks and the
 *   server is their own job); `npx vitest run PATHS` and `npx tsx FILE`: the files must exist.
 * - A block marked `<!-- docs-test: shell -->` (on the line before its fence) runs whole with `bash -e` in a
 *   scratch folder holding such a data folder as `.pont`.
 * - A block marked `<!-- docs-test: skip REASON -->` is reported as skipped with its reason: for commands that
 *   need a service the tests do not have (Slack, Entra ID, a model server, the internet).
 * - Anything else fails, saying how to mark it.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pont } from '../../src/app.ts';
import { main } from '../../src/channels/cli/main.ts';
import { runPont } from '../support/cli.ts';
import { classify, commandsOf, documentationPages, type DocCommand } from './doc-commands.ts';

const root = path.resolve(import.meta.dirname, '../..');
const pages = documentationPages(root);
const packageScripts = (
  JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-docs-'));
const seeded = path.join(scratch, 'seeded');
/** Nothing from the test's own environment (DATABASE_URL, credentials) reaches a documented command. */
const baseEnvironment = { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent' };

beforeAll(async () => {
  for (const argv of [
    ['ingest', 'data/'],
    ['people', 'import', 'examples/staff-directory.csv'],
  ]) {
    const run = await runPont(seeded, argv, baseEnvironment);
    expect(run.status, run.stderr).toBe(0);
  }
});

const ponts = new Map<string, Promise<Pont>>();
/** The page's Pont, over its own copy of the seeded data folder, opened on its first command. */
function pontFor(page: string): Promise<Pont> {
  let pont = ponts.get(page);
  if (!pont) {
    const dir = path.join(scratch, `page-${ponts.size}`);
    fs.cpSync(seeded, dir, { recursive: true });
    pont = (async () => {
      const [{ loadConfig }, { createPont }, { silentLogger }] = await Promise.all([
        import('../../src/config.ts'),
        import('../../src/app.ts'),
        import('../../src/logger.ts'),
      ]);
      return createPont(loadConfig({ ...baseEnvironment, PONT_DATA_DIR: dir }), { logger: silentLogger });
    })();
    ponts.set(page, pont);
  }
  return pont;
}

/** Runs one documented `pont` command line: against the page's open Pont, or with its own settings when it gives some. */
async function runDocumented(
  page: string,
  argv: string[],
  environment: Record<string, string>,
): Promise<{ status: number; stderr: string }> {
  if (Object.keys(environment).length > 0) {
    const dir = path.join(scratch, `own-${ponts.size}-${Date.now()}`);
    fs.cpSync(seeded, dir, { recursive: true });
    return runPont(dir, argv, { ...baseEnvironment, ...environment });
  }
  let stderr = '';
  const status = await main(argv, { stdout: () => {}, stderr: (text) => void (stderr += text) }, baseEnvironment, {
    pont: await pontFor(page),
  });
  return { status, stderr };
}

afterAll(async () => {
  for (const pont of ponts.values()) await (await pont).close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

const title = (command: DocCommand) =>
  `${path.relative(root, command.page)}:${command.line} ${command.text.split('\n')[0]}`;

describe.each(pages.map((page) => [path.relative(root, page), page] as const))('%s', (_name, page) => {
  const commands = commandsOf(page, fs.readFileSync(page, 'utf8'));
  if (commands.length === 0) {
    it('shows no shell commands', () => expect(commands).toEqual([]));
    return;
  }
  for (const command of commands) {
    if (command.mode.kind === 'skip') {
      it.skip(`${title(command)} (skipped: ${command.mode.reason})`, () => {});
      continue;
    }
    if (command.mode.kind === 'shell') {
      const block = command.mode.block;
      it(`${title(command)} (bash)`, async () => {
        const cwd = fs.mkdtempSync(path.join(scratch, 'shell-'));
        fs.cpSync(seeded, path.join(cwd, '.pont'), { recursive: true });
        const result = await promisify(execFile)('bash', ['-e', '-c', block], { cwd, env: baseEnvironment }).catch(
          (error: { code: number; stderr: string }) => error,
        );
        expect('code' in result ? result.stderr : '').toBe('');
      });
      continue;
    }
    const what = classify(command.text);
    it(title(command), async () => {
      switch (what.kind) {
        case 'pont': {
          expect(
            what.argv.join(' '),
            'a placeholder (…) cannot run: give a real value, or mark the block skip with a reason',
          ).not.toContain('…');
          const run = await runDocumented(page, what.argv, what.environment);
          expect(run.status, `exit ${run.status}: ${run.stderr}`).toBe(0);
          break;
        }
        case 'npm-script':
          expect(Object.keys(packageScripts), `package.json has no script "${what.script}"`).toContain(what.script);
          break;
        case 'npm-builtin':
          break;
        case 'files':
          expect(what.files.length, `${what.tool} with no file`).toBeGreaterThan(0);
          for (const file of what.files)
            expect(fs.existsSync(path.join(root, file)), `${file} does not exist`).toBe(true);
          break;
        case 'unknown':
          expect.fail(what.why);
      }
    });
  }
});

describe('examples in the documentation', () => {
  const directory = new Set(
    fs
      .readFileSync(path.join(root, 'examples/staff-directory.csv'), 'utf8')
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((line) => line.split(',')[0]!.toLowerCase()),
  );
  it('name only people who are in the sample staff directory', () => {
    const strangers = pages.flatMap((page) =>
      [...fs.readFileSync(page, 'utf8').matchAll(/[\w.-]+@(?:torfaen|blaenau-gwent)\.gov\.uk/gi)]
        .map((match) => match[0].toLowerCase())
        .filter((email) => !directory.has(email))
        .map((email) => `${path.relative(root, page)}: ${email}`),
    );
    expect(strangers).toEqual([]);
  });

  it('link only to pages and files that exist, apart from pages announced for later', () => {
    const announced = new Set([
      'docs/develop/answers-evaluation.md',
      'docs/develop/architecture.md',
      'docs/operate/councils.md',
      'docs/operate/teams-tenants.md',
      'docs/operate/slack-workspaces.md',
      'docs/operate/sources.md',
    ]);
    const broken = pages.flatMap((page) =>
      [...fs.readFileSync(page, 'utf8').matchAll(/\]\(([^)\s]+)\)/g)]
        .map((match) => match[1]!.split('#')[0]!)
        .filter((target) => target !== '' && !/^[a-z]+:/i.test(target))
        .map((target) => path.relative(root, path.resolve(path.dirname(page), target)))
        .filter((target) => !fs.existsSync(path.join(root, target)) && !announced.has(target))
        .map((target) => `${path.relative(root, page)} → ${target}`),
    );
    expect(broken).toEqual([]);
  });
});
