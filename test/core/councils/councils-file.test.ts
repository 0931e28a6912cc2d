import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.ts';
import {
  councilByDomain,
  councilBySlackTeam,
  councilByTenant,
  councilIds,
  councilList,
  defaultCouncils,
  fromCouncil,
  inCouncil,
  useCouncils,
} from '../../../src/core/councils/index.ts';
import { ConfigurationError } from '../../../src/errors.ts';

let folder: string;
const write = (name: string, text: string) => {
  const file = path.join(folder, name);
  fs.writeFileSync(file, text);
  return file;
};
const config = (environment: Record<string, string>) =>
  loadConfig({ LOG_LEVEL: 'silent', PONT_DATA_DIR: 'memory://', ...environment });
const refusal = (environment: Record<string, string>) => {
  try {
    config(environment);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('the settings were accepted');
};

const threeCouncils = `
councils:
  - id: blaenau-gwent
    name: { en: Blaenau Gwent, cy: Blaenau Gwent }
    abbreviation: { en: BGCBC, cy: CBSBG }
    domains: [blaenau-gwent.gov.uk]
    microsoftTenantId: 11111111-1111-1111-1111-111111111111
    slack: { teamId: T0BG, enterpriseId: E0GWENT }
  - id: torfaen
    name: { en: Torfaen, cy: Torfaen }
    abbreviation: { en: TCBC, cy: CBST }
    domains: [torfaen.gov.uk]
    microsoftTenantId: 22222222-2222-2222-2222-222222222222
    slack: { teamId: T0TF, enterpriseId: E0GWENT }
    fallbackContact: Partnerships@Torfaen.gov.uk
  - id: caerphilly
    name: { en: Caerphilly, cy: Caerffili }
    abbreviation: { en: CCBC, cy: CBSC }
    domains: [caerphilly.gov.uk]
    microsoftTenantId: 22222222-2222-2222-2222-222222222222
    graph: { tenantId: caerphilly.onmicrosoft.com, clientId: pont-caerphilly, clientSecret: from-the-file }
`;

beforeAll(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-councils-file-'));
});
afterEach(() => useCouncils(defaultCouncils));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

describe('the councils file', () => {
  it('defaults to Blaenau Gwent and Torfaen when no file is set, as the example file describes them', () => {
    expect(config({}).councils.map((council) => council.id)).toEqual(['blaenau-gwent', 'torfaen']);
    expect(config({ PONT_COUNCILS_FILE: 'examples/councils.yaml' }).councils).toEqual(config({}).councils);
  });

  it('reads any number of councils, with Graph credentials from the file or the environment', () => {
    const settings = config({
      PONT_COUNCILS_FILE: write('three.yaml', threeCouncils),
      PONT_GRAPH_TORFAEN_TENANT_ID: 'torfaen.onmicrosoft.com',
      PONT_GRAPH_TORFAEN_CLIENT_ID: 'pont-torfaen',
      PONT_GRAPH_TORFAEN_CLIENT_SECRET: 'from-the-environment',
    });
    expect(settings.councils.map((council) => council.id)).toEqual(['blaenau-gwent', 'torfaen', 'caerphilly']);
    expect(settings.graph.tenants).toEqual([
      {
        council: 'torfaen',
        tenantId: 'torfaen.onmicrosoft.com',
        clientId: 'pont-torfaen',
        clientSecret: 'from-the-environment',
      },
      {
        council: 'caerphilly',
        tenantId: 'caerphilly.onmicrosoft.com',
        clientId: 'pont-caerphilly',
        clientSecret: 'from-the-file',
      },
    ]);
    // A third council's Graph variables are known by its id.
    expect(
      config({
        PONT_COUNCILS_FILE: path.join(folder, 'three.yaml'),
        PONT_GRAPH_CAERPHILLY_TENANT_ID: 'c',
        PONT_GRAPH_CAERPHILLY_CLIENT_ID: 'd',
        PONT_GRAPH_CAERPHILLY_CLIENT_SECRET: 'e',
      }).graph.tenants,
    ).toEqual([{ council: 'caerphilly', tenantId: 'c', clientId: 'd', clientSecret: 'e' }]);
  });

  it('refuses a missing or broken file, and a file that gives one domain to two councils, with one line naming the problem', () => {
    expect(refusal({ PONT_COUNCILS_FILE: path.join(folder, 'nowhere.yaml') })).toMatch(
      /^PONT_COUNCILS_FILE: cannot read .*nowhere\.yaml \(no such file\); give a YAML or JSON file with a list of councils$/,
    );
    expect(
      refusal({
        PONT_COUNCILS_FILE: write(
          'one.yaml',
          'councils:\n  - id: torfaen\n    name: { en: Torfaen, cy: Torfaen }\n    abbreviation: { en: TCBC, cy: CBST }\n    domains: [torfaen.gov.uk]\n',
        ),
      }),
    ).toMatch(/: councils needs at least two councils$/);
    expect(
      refusal({
        PONT_COUNCILS_FILE: write('bad-id.yaml', threeCouncils.replace('id: caerphilly', 'id: Caerphilly CBC')),
      }),
    ).toMatch(/: councils\.2\.id must be lower-case letters and digits joined by "-", e\.g\. blaenau-gwent$/);
    expect(
      refusal({
        PONT_COUNCILS_FILE: write(
          'shared-domain.yaml',
          threeCouncils.replace('[caerphilly.gov.uk]', '[torfaen.gov.uk]'),
        ),
      }),
    ).toMatch(/: councils\.2 email domain "torfaen\.gov\.uk" is given to both torfaen and caerphilly$/);
    expect(
      refusal({
        PONT_COUNCILS_FILE: write(
          'typo.yaml',
          threeCouncils.replace('domains: [caerphilly.gov.uk]', 'domain: [caerphilly.gov.uk]'),
        ),
      }),
    ).toMatch(/councils\.2/);
    expect(refusal({ PONT_COUNCILS_FILE: path.join(folder, 'three.yaml'), PONT_GRAPH_NEWPORT_TENANT_ID: 'x' })).toMatch(
      /^PONT_GRAPH_NEWPORT_TENANT_ID names no configured council: use PONT_GRAPH_BLAENAU_GWENT_… or PONT_GRAPH_TORFAEN_… or PONT_GRAPH_CAERPHILLY_…$/,
    );
  });
});

describe('looking a council up', () => {
  it('by email domain, Microsoft 365 tenant and Slack workspace, for the channels', () => {
    useCouncils(config({ PONT_COUNCILS_FILE: write('lookups.yaml', threeCouncils) }).councils);
    expect(councilIds()).toEqual(['blaenau-gwent', 'torfaen', 'caerphilly']);
    expect(councilByDomain('Rhian.Pritchard@Torfaen.gov.uk')).toBe('torfaen');
    expect(councilByDomain('someone@schools.caerphilly.gov.uk')).toBe('caerphilly');
    expect(councilByDomain('someone@example.org')).toBeUndefined();
    expect(councilByTenant('11111111-1111-1111-1111-111111111111')).toBe('blaenau-gwent');
    // Two councils sharing one tenant: the tenant alone cannot tell them apart (the email domain can).
    expect(councilByTenant('22222222-2222-2222-2222-222222222222')).toBeUndefined();
    expect(councilByTenant('33333333-3333-3333-3333-333333333333')).toBeUndefined();
    expect(councilBySlackTeam('T0TF')).toBe('torfaen');
    expect(councilBySlackTeam('T0NEW', 'E0GWENT')).toBeUndefined();
    expect(councilBySlackTeam(undefined, 'E0ELSEWHERE')).toBeUndefined();
  });

  it('names councils in Welsh with the mutations a place name takes', () => {
    useCouncils(config({ PONT_COUNCILS_FILE: write('welsh.yaml', threeCouncils) }).councils);
    expect(['blaenau-gwent', 'torfaen', 'caerphilly'].map((council) => inCouncil(council, 'cy'))).toEqual([
      'ym Mlaenau Gwent',
      'yn Nhorfaen',
      'yng Nghaerffili',
    ]);
    expect(['blaenau-gwent', 'torfaen', 'caerphilly'].map((council) => fromCouncil(council, 'cy'))).toEqual([
      'o Flaenau Gwent',
      'o Dorfaen',
      'o Gaerffili',
    ]);
    expect(councilList('cy')).toBe('Blaenau Gwent, Torfaen a Chaerffili');
    expect(councilList('en')).toBe('Blaenau Gwent, Torfaen and Caerphilly');
    useCouncils(defaultCouncils);
    expect(councilList('cy')).toBe('Blaenau Gwent a Thorfaen');
  });
});
