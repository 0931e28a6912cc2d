import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensionCommands, findSkillsParameter, teamsCommands } from '../../../src/channels/teams/index.ts';
import { routeIntent } from '../../../src/core/assistant/router.ts';
import { schemaProblems } from '../../support/platform-schemas.ts';

const run = promisify(execFile);
const appId = 'cd59cf47-aca1-41e0-8441-387faee8331e';
const publicUrl = 'https://pont.example.gov.uk';

interface Manifest {
  manifestVersion: string;
  id: string;
  icons: { color: string; outline: string };
  bots: { botId: string; commandLists: { commands: { title: string; description: string }[] }[] }[];
  composeExtensions: {
    botId: string;
    commands: { id: string; type: string; parameters?: { name: string }[]; context?: string[] }[];
  }[];
  validDomains: string[];
  localizationInfo: { additionalLanguages: { file: string }[] };
}

let dir: string;
let zip: JSZip;
let manifest: Manifest;

function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-teams-package-'));
  const out = path.join(dir, 'pont-teams.zip');
  await run(process.execPath, ['--import', 'tsx', 'scripts/package-teams.ts', '--out', out], {
    env: { ...process.env, MICROSOFT_APP_ID: appId, PONT_PUBLIC_URL: `${publicUrl}/` },
  });
  zip = await JSZip.loadAsync(fs.readFileSync(out));
  manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as Manifest;
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('npm run package:teams', () => {
  it('builds a zip with the manifest, its Welsh localisation and both icons at the root', async () => {
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'cy-gb.json', 'manifest.json', 'outline.png']);
    expect(manifest.localizationInfo.additionalLanguages.map((language) => language.file)).toEqual(['cy-gb.json']);
    expect(pngSize(await zip.file(manifest.icons.color)!.async('nodebuffer'))).toEqual({ width: 192, height: 192 });
    expect(pngSize(await zip.file(manifest.icons.outline)!.async('nodebuffer'))).toEqual({ width: 32, height: 32 });
  });

  it("builds a manifest and a Welsh localisation that Microsoft's v1.19 schemas accept", async () => {
    expect(schemaProblems('teams-manifest', manifest)).toEqual([]);
    const welsh = JSON.parse(await zip.file('cy-gb.json')!.async('string')) as Record<string, unknown>;
    expect(schemaProblems('teams-localization', welsh)).toEqual([]);
    // The developer name Teams shows in the store is at most 32 characters.
    const developer = (manifest as unknown as { developer: Record<string, string> }).developer;
    expect(developer.name!.length).toBeLessThanOrEqual(32);
    expect(
      schemaProblems('teams-manifest', {
        ...manifest,
        developer: { ...developer, name: 'Blaenau Gwent and Torfaen County Borough Councils' },
      }),
    ).toEqual([expect.stringContaining('/developer/name must NOT have more than 32 characters')]);
  });

  it('fills in the app id and the public endpoint from the environment', () => {
    expect(manifest.manifestVersion).toBe('1.19');
    expect(manifest.id).toBe(appId);
    expect(manifest.bots[0]!.botId).toBe(appId);
    expect(manifest.composeExtensions[0]!.botId).toBe(appId);
    expect(manifest.validDomains).toEqual(['pont.example.gov.uk']);
    expect(JSON.stringify(manifest)).not.toMatch(/\{\{/);
  });

  it('lists the same bot commands the code offers, and each reaches the assistant as that command', () => {
    const listed = manifest.bots[0]!.commandLists[0]!.commands;
    expect(listed.map((command) => command.title)).toEqual(teamsCommands.map((command) => command.title));
    const examples: Record<string, string> = {
      skills: 'GIS',
      counterpart: 'head of waste',
      share: 'how do you run your waste rota?',
      ask: 'what is the federation?',
      profile: '',
      help: '',
    };
    for (const { title } of listed) expect(routeIntent(`${title} ${examples[title] ?? ''}`.trim()).kind).toBe(title);
  });

  it('declares exactly the message extension commands the code handles', () => {
    const commands = manifest.composeExtensions[0]!.commands;
    expect(commands.map((command) => command.id).sort()).toEqual(Object.values(extensionCommands).sort());
    const search = commands.find((command) => command.id === extensionCommands.findSkills)!;
    expect(search.type).toBe('query');
    expect(search.parameters!.map((parameter) => parameter.name)).toEqual([findSkillsParameter]);
    const action = commands.find((command) => command.id === extensionCommands.shareMessage)!;
    expect(action).toMatchObject({ type: 'action', context: ['message'] });
  });

  it('refuses to build without an app id, saying what to set', async () => {
    const failed = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/package-teams.ts', '--out', path.join(dir, 'none.zip')],
      {
        env: { ...process.env, MICROSOFT_APP_ID: '', PONT_PUBLIC_URL: publicUrl },
      },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain('MICROSOFT_APP_ID is empty');
    expect(fs.existsSync(path.join(dir, 'none.zip'))).toBe(false);
  });

  it('builds one package per bot registration with --council, each valid against the schema and naming its own app', async () => {
    const torfaenApp = '0f3a8c21-5b7d-4e9f-8a12-6c4d2e1b0a01';
    const blaenauGwentApp = '9a7e4d12-3c6b-4a85-9f01-2e8b6d4c3f02';
    const env = {
      ...process.env,
      MICROSOFT_APP_ID: '',
      PONT_PUBLIC_URL: publicUrl,
      MICROSOFT_APP_1_ID: torfaenApp,
      MICROSOFT_APP_1_COUNCIL: 'torfaen',
      MICROSOFT_APP_2_ID: blaenauGwentApp,
      MICROSOFT_APP_2_COUNCIL: 'blaenau-gwent',
    };
    for (const [council, app] of [
      ['torfaen', torfaenApp],
      ['blaenau-gwent', blaenauGwentApp],
    ] as const) {
      const out = path.join(dir, `pont-teams-${council}.zip`);
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', 'scripts/package-teams.ts', '--council', council, '--out', out],
        { env },
      );
      expect(stdout).toContain(`app ${app} (${council})`);
      const built = JSON.parse(
        await (await JSZip.loadAsync(fs.readFileSync(out))).file('manifest.json')!.async('string'),
      ) as Manifest;
      expect(schemaProblems('teams-manifest', built)).toEqual([]);
      expect([built.id, built.bots[0]!.botId, built.composeExtensions[0]!.botId]).toEqual([app, app, app]);
    }

    const unknown = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/package-teams.ts', '--council', 'monmouthshire', '--out', path.join(dir, 'x.zip')],
      { env },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(unknown).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--council monmouthshire is not a configured council'),
    });
    const missing = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/package-teams.ts', '--council', 'torfaen', '--out', path.join(dir, 'y.zip')],
      {
        env: { ...env, MICROSOFT_APP_1_COUNCIL: '' },
      },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('no bot registration is for torfaen') });
    expect(fs.existsSync(path.join(dir, 'x.zip')) || fs.existsSync(path.join(dir, 'y.zip'))).toBe(false);
  });
});
