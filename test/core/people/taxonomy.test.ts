import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultTaxonomyDir, loadTaxonomy } from '../../../src/store/people/index.ts';
import { ConfigurationError } from '../../../src/errors.ts';

function taxonomyDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-taxonomy-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const lgsl = fs.readFileSync(path.join(defaultTaxonomyDir, 'lgsl.csv'), 'utf8');

describe('the service taxonomy', () => {
  const taxonomy = loadTaxonomy();

  it("maps each council's name for a service, in English or Welsh, to one canonical service", () => {
    for (const name of [
      'Neighbourhood Services',
      'Street Scene',
      'Waste and Recycling',
      'Gwastraff ac Ailgylchu',
      'Waste Services',
    ]) {
      expect(taxonomy.servicesFor(name), name).toEqual(['waste']);
    }
    expect(taxonomy.servicesFor('Adnoddau Dynol')).toEqual(['human-resources']);
    expect(taxonomy.servicesFor('Caffael')).toEqual(['procurement']);
    expect(taxonomy.servicesFor('Emergency Planning')).toEqual(['emergency-planning']);
    expect(taxonomy.servicesFor('Social Services')).toEqual(['childrens-services', 'adult-social-care']);
  });

  it('reads a service named after a Welsh mutation', () => {
    expect(taxonomy.servicesMentioned('Swyddog Gaffael').map((mention) => mention.id)).toEqual(['procurement']);
    expect(taxonomy.servicesMentioned('pennaeth wastraff yn Nhorfaen').map((mention) => mention.id)).toEqual(['waste']);
  });

  it('covers the usual council service areas, each with a Welsh name', () => {
    const ids = taxonomy.services.map((service) => service.id);
    for (const id of [
      'waste',
      'highways',
      'planning',
      'procurement',
      'finance',
      'human-resources',
      'legal-and-governance',
      'ict-and-digital',
      'childrens-services',
      'adult-social-care',
      'education',
      'environment-and-decarbonisation',
      'policy',
      'welsh-language',
      'housing',
      'flooding',
      'building-control',
      'trading-standards',
    ]) {
      expect(ids).toContain(id);
    }
    for (const service of taxonomy.services) expect(service.name.cy.length).toBeGreaterThan(1);
  });

  it('references real LGSL codes and learns everyday words from them', () => {
    expect(taxonomy.lgsl(557)).toBe('Find out about potholes');
    expect(taxonomy.servicesMentioned('who deals with potholes?')).toEqual([
      { id: 'highways', via: 'lgsl', phrase: 'potholes' },
    ]);
  });

  it('reports a YAML mistake with the file and line', () => {
    const dir = taxonomyDir({
      'services.yaml': 'services:\n  - id: waste\n    name: { en: Waste\n',
      'skills.yaml': 'skills: []\n',
    });
    expect(() => loadTaxonomy(dir)).toThrowError(ConfigurationError);
    expect(() => loadTaxonomy(dir)).toThrowError(/services\.yaml at line \d+ is not valid YAML/);
  });

  it('reports a missing Welsh name, a duplicate id and an unknown LGSL code by entry', () => {
    const noWelsh = taxonomyDir({
      'services.yaml': 'services:\n  - id: waste\n    name: { en: Waste }\n    group: neighbourhood\n',
      'skills.yaml': '',
    });
    expect(() => loadTaxonomy(noWelsh)).toThrowError(/services\.0\.name\.cy: Required/);
    const twice = taxonomyDir({
      'services.yaml':
        'services:\n  - { id: waste, name: { en: Waste, cy: Gwastraff }, group: a }\n  - { id: waste, name: { en: Bins, cy: Biniau }, group: a }\n',
      'skills.yaml': '',
    });
    expect(() => loadTaxonomy(twice)).toThrowError(/the id "waste" is used twice/);
    const badCode = taxonomyDir({
      'services.yaml': 'services:\n  - { id: waste, name: { en: Waste, cy: Gwastraff }, group: a, lgsl: [99999] }\n',
      'skills.yaml': '',
      'lgsl.csv': lgsl,
    });
    expect(() => loadTaxonomy(badCode)).toThrowError(/LGSL code 99999 is not in lgsl\.csv/);
    const badSkill = taxonomyDir({
      'services.yaml': 'services:\n  - { id: waste, name: { en: Waste, cy: Gwastraff }, group: a }\n',
      'skills.yaml': 'skills:\n  - { name: rota, services: [bins] }\n',
    });
    expect(() => loadTaxonomy(badSkill)).toThrowError(/skills\.0 \(rota\): unknown service "bins"/);
  });
});
