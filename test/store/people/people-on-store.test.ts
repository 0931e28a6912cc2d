import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPeople } from '../../../src/core/people/people.ts';
import { loadTaxonomy } from '../../../src/store/people/index.ts';
import type { Actor, People } from '../../../src/core/people/types.ts';
import { errorMessageIn, ForbiddenError, NotFoundError, ValidationError } from '../../../src/errors.ts';
import type { Database } from '../../../src/store/index.ts';
import { createDirectoryStore } from '../../../src/store/people/index.ts';
import { storeTargets } from '../../support/stores.ts';
import { badRowsCsv, directoryCsv } from '../../core/people/directory-fixture.ts';

const admin: Actor = { email: 'admin@torfaen.gov.uk', isAdmin: true, via: 'cli' };
const taxonomy = loadTaxonomy();
const hidden = 'kerry.secret@torfaen.gov.uk';

describe.each(await storeTargets())('people on $name', (target) => {
  let db: Database & { drop(): Promise<void> };
  let people: People;

  beforeAll(async () => {
    db = await target.open();
    people = createPeople({ directory: createDirectoryStore(db), taxonomy });
    const report = await people.importCsv(directoryCsv, admin);
    expect(report).toMatchObject({ imported: 15, updated: 0, rejected: [] });
  });

  afterAll(async () => {
    await db.drop();
  });

  describe('import', () => {
    it('changes nothing when the same file is imported again', async () => {
      const report = await people.importCsv(directoryCsv, admin);
      expect(report).toEqual({ imported: 0, updated: 0, unchanged: 15, rejected: [], warnings: [] });
    });

    it('imports the good rows of a file with bad ones and reports each bad line', async () => {
      const report = await people.importCsv(badRowsCsv, admin);
      expect(report.imported).toBe(2);
      expect(report.rejected.map((rejection) => rejection.line)).toEqual([3, 4, 5, 6, 7, 8]);
      expect(report.warnings).toEqual(['ignored the unknown column "favourite_colour"']);
      expect(await people.getPerson('good.person@torfaen.gov.uk')).toMatchObject({
        name: 'Good Person',
        council: 'torfaen',
        welshLevel: 2,
      });
    });

    it('updates a changed row by email', async () => {
      const changed = directoryCsv.replace('Building Control Surveyor', 'Principal Building Control Surveyor');
      const report = await people.importCsv(changed, admin);
      expect(report).toMatchObject({ imported: 0, updated: 1, unchanged: 14 });
      expect((await people.getPerson('tom.harris@torfaen.gov.uk'))!.jobTitle).toBe(
        'Principal Building Control Surveyor',
      );
      await people.importCsv(directoryCsv, admin);
    });

    it('lets only an administrator import through chat', async () => {
      await expect(
        people.importCsv(directoryCsv, { email: 'sian.morgan@torfaen.gov.uk', isAdmin: false, via: 'slack' }),
      ).rejects.toThrowError(ForbiddenError);
    });

    it('writes nothing when the file is refused whole', async () => {
      await expect(people.importCsv('name,team\nA,B', admin)).rejects.toThrowError(ValidationError);
      expect(await people.getPerson('gareth.lewis@torfaen.gov.uk')).not.toBeNull();
    });
  });

  describe('skill search', () => {
    const emails = async (query: string, options?: Parameters<People['findBySkill']>[1]) =>
      (await people.findBySkill(query, options)).map((person) => person.email);

    it('finds the GIS people in both councils, with why they matched', async () => {
      const found = await people.findBySkill('GIS');
      expect(found.map((person) => person.email).sort()).toEqual([
        'aled.jenkins@torfaen.gov.uk',
        'leanne.smith@blaenau-gwent.gov.uk',
      ]);
      expect(found[0]).toMatchObject({ score: 100, reasons: expect.arrayContaining(['has the skill "GIS"']) });
      expect(Object.keys(found[0]!).sort()).toEqual([
        'council',
        'email',
        'jobTitle',
        'name',
        'reasons',
        'score',
        'serviceArea',
        'skills',
        'welshLevel',
      ]);
    });

    it('ranks an exact skill above a synonym, a synonym above a stem, a stem above a typo', async () => {
      const procurement = await people.findBySkill('procurement');
      expect(procurement[0]!.email).toBe('nia.roberts@torfaen.gov.uk');
      const byEmail = Object.fromEntries(procurement.map((person) => [person.email, person]));
      expect(byEmail['rachel.owen@blaenau-gwent.gov.uk']!.reasons).toEqual([
        'skill "Purchasing" is related to "procurement"',
      ]);
      expect(byEmail['rob.typo@blaenau-gwent.gov.uk']!.reasons[0]).toMatch(
        /close to "procurement" \(probably a typo\)/,
      );
      expect(byEmail['nia.roberts@torfaen.gov.uk']!.score).toBeGreaterThan(
        byEmail['rachel.owen@blaenau-gwent.gov.uk']!.score,
      );

      const flooding = await people.findBySkill('flooding');
      expect(flooding.map((person) => person.email)).toEqual([
        'craig.walters@blaenau-gwent.gov.uk',
        'catrin.davies@torfaen.gov.uk',
      ]);
      expect(flooding[0]!.score).toBeGreaterThan(flooding[1]!.score);

      const stemOnly = await people.findBySkill('regulation');
      expect(stemOnly).toEqual([
        expect.objectContaining({
          email: 'tom.harris@torfaen.gov.uk',
          score: 60,
          reasons: ['skill "Building regulations" shares a root with "regulation"'],
        }),
      ]);
    });

    it('forgives a typo in the query', async () => {
      const found = await people.findBySkill('procurment');
      // Rob's HR record spells the skill that way, so he matches exactly; the rest are forgiven.
      expect(found[0]).toMatchObject({
        email: 'rob.typo@blaenau-gwent.gov.uk',
        reasons: ['has the skill "Procurment"'],
      });
      expect(found[1]).toMatchObject({
        email: 'nia.roberts@torfaen.gov.uk',
        reasons: ['skill "Procurement" is close to "procurment" (probably a typo)'],
      });
      expect(await emails('tendr evaluaton')).toContain('nia.roberts@torfaen.gov.uk');
    });

    it('understands Welsh skill names', async () => {
      const found = await people.findBySkill('caffael');
      expect(found[0]!.email).toBe('carys.morgan@blaenau-gwent.gov.uk');
      expect(found.map((person) => person.email)).toEqual(
        expect.arrayContaining(['nia.roberts@torfaen.gov.uk', 'rachel.owen@blaenau-gwent.gov.uk']),
      );
      expect(found.find((person) => person.email === 'nia.roberts@torfaen.gov.uk')!.reasons).toEqual([
        'skill "Procurement" is related to "caffael"',
      ]);
      for (const mutated of ['gaffael', 'nghaffael', 'chaffael']) {
        const afterMutation = await people.findBySkill(mutated);
        expect(afterMutation[0], mutated).toMatchObject({ email: 'carys.morgan@blaenau-gwent.gov.uk', score: 100 });
        expect(
          afterMutation.map((person) => person.email),
          mutated,
        ).toContain('nia.roberts@torfaen.gov.uk');
      }
      const phrase = await people.findBySkill('rheoli gwastraff');
      expect(phrase.find((person) => person.email === 'gareth.lewis@torfaen.gov.uk')!.reasons).toEqual([
        'skill "Waste management" is related to "rheoli gwastraff"',
      ]);
      const reasonsInWelsh = await people.findBySkill('caffael', { language: 'cy' });
      expect(reasonsInWelsh[1]!.reasons[0]).toMatch(/yn gysylltiedig â "caffael"/);
    });

    it('ranks people who match several words above those who match one', async () => {
      const found = await people.findBySkill('GIS mapping');
      expect(found[0]!.email).toBe('leanne.smith@blaenau-gwent.gov.uk');
    });

    it('filters by council', async () => {
      expect(await emails('rota planning', { council: 'blaenau-gwent' })).toEqual([
        'karen.phillips@blaenau-gwent.gov.uk',
      ]);
      expect((await emails('rota planning', { council: 'torfaen' })).sort()).toEqual([
        'gareth.lewis@torfaen.gov.uk',
        'sian.morgan@torfaen.gov.uk',
      ]);
    });

    it('never shows a hidden profile, not even in the count', async () => {
      for (const query of ['GIS', 'recycling', 'procurement', 'GIS Analyst']) {
        const found = await people.findBySkill(query, { limit: 200 });
        expect(found.map((person) => person.email)).not.toContain(hidden);
      }
      expect(await people.findBySkill('GIS')).toHaveLength(2);
      expect(await people.getPerson(hidden)).toBeNull();
    });

    it('refuses a one-letter or over-long query with a clear message', async () => {
      await expect(people.findBySkill('a')).rejects.toThrowError(/at least two letters/);
      await expect(people.findBySkill('  ')).rejects.toThrowError(ValidationError);
      await expect(people.findBySkill('x'.repeat(500))).rejects.toThrowError(/500 characters or more/);
      await expect(people.counterparts('head of waste '.repeat(40))).rejects.toThrowError(/500 characters or more/);
    });
  });

  describe('counterparts', () => {
    it("finds the other council's people in the same service, closest level first", async () => {
      const { counterparts, note } = await people.counterparts('gareth.lewis@torfaen.gov.uk');
      expect(note).toBeUndefined();
      expect(counterparts.map((person) => person.email)).toEqual([
        'matthew.jones@blaenau-gwent.gov.uk',
        'karen.phillips@blaenau-gwent.gov.uk',
      ]);
      expect(counterparts[0]!.reasons).toEqual(['works in Waste and recycling', 'same level: head of service']);
      expect(counterparts[1]!.reasons).toEqual(['works in Waste and recycling', '1 level below: manager']);
    });

    it('finds counterparts for a described role', async () => {
      const { counterparts } = await people.counterparts('head of waste');
      expect(
        counterparts
          .slice(0, 2)
          .map((person) => person.email)
          .sort(),
      ).toEqual(['gareth.lewis@torfaen.gov.uk', 'matthew.jones@blaenau-gwent.gov.uk']);
      const welsh = await people.counterparts('Rheolwr Gwastraff yn Nhorfaen');
      expect(welsh.counterparts[0]!.email).toBe('karen.phillips@blaenau-gwent.gov.uk');
      expect(welsh.counterparts.every((person) => person.council === 'blaenau-gwent')).toBe(true);
    });

    it("names the nearest service's senior contact when there is no counterpart", async () => {
      const result = await people.counterparts('tom.harris@torfaen.gov.uk');
      expect(result.note).toBe(
        'No one in Blaenau Gwent works in Building control. The nearest service is Planning: its senior contact is Joanne Reynolds.',
      );
      expect(result.counterparts.map((person) => person.email)).toEqual(['joanne.reynolds@blaenau-gwent.gov.uk']);
      const welsh = await people.counterparts('tom.harris@torfaen.gov.uk', { language: 'cy' });
      expect(welsh.note).toMatch(/^Does neb yn Blaenau Gwent yn gweithio ym maes Rheoli adeiladu/);
    });

    it("treats a hidden person's email like an unknown one and never offers them", async () => {
      await expect(people.counterparts(hidden)).rejects.toThrowError(NotFoundError);
      await expect(people.counterparts('nobody@torfaen.gov.uk')).rejects.toThrowError(NotFoundError);
      const { counterparts } = await people.counterparts('matthew.jones@blaenau-gwent.gov.uk');
      expect(counterparts.map((person) => person.email)).not.toContain(hidden);
    });

    it('asks for a service when the role names none', async () => {
      await expect(people.counterparts('someone nice')).rejects.toThrowError(/could not tell which service/);
    });
  });

  describe('topics for routing', () => {
    it('infers services and skills from a free-text request', async () => {
      const topic = await people.inferTopic('How do you run your waste collection rota?');
      expect(topic.services).toContain('waste');
      expect(topic.skills).toContain('rota planning');
      expect(await people.inferTopic('Who deals with potholes?')).toMatchObject({ services: ['highways'] });
      expect((await people.inferTopic("Sut ydych chi'n trefnu caffael?")).services).toContain('procurement');
      const generic = await people.inferTopic('How do you handle development of waste management?');
      expect(generic.skills).toContain('waste management');
      expect(generic.skills).not.toContain('management');
      expect(generic.skills).not.toContain('development');
    });

    it('matches people in a council to a topic, never excluded or hidden ones', async () => {
      const topic = await people.inferTopic('How do you run your waste collection rota?');
      const matched = await people.matchTopic(topic, { council: 'blaenau-gwent', limit: 5 });
      expect(matched.map((person) => person.email)).toEqual([
        'karen.phillips@blaenau-gwent.gov.uk',
        'matthew.jones@blaenau-gwent.gov.uk',
      ]);
      expect(matched[0]!.reasons).toContain('works in Waste and recycling');
      const inWelsh = await people.matchTopic(topic, { council: 'blaenau-gwent', limit: 1, language: 'cy' });
      expect(inWelsh[0]!.reasons).toContain('yn gweithio ym maes Gwastraff ac ailgylchu');
      const excluded = await people.matchTopic(topic, {
        council: 'blaenau-gwent',
        limit: 5,
        excludeEmails: ['KAREN.PHILLIPS@blaenau-gwent.gov.uk'],
      });
      expect(excluded.map((person) => person.email)).toEqual(['matthew.jones@blaenau-gwent.gov.uk']);
      const torfaen = await people.matchTopic(
        { services: ['waste'], skills: ['GIS', 'recycling'] },
        { council: 'both', limit: 20 },
      );
      expect(torfaen.map((person) => person.email)).not.toContain(hidden);
    });

    it('gives the senior contact of a service, or of the nearest one', async () => {
      expect(await people.seniorContact({ services: ['waste'], skills: [] }, 'blaenau-gwent')).toMatchObject({
        email: 'matthew.jones@blaenau-gwent.gov.uk',
      });
      expect(await people.seniorContact({ services: ['building-control'], skills: [] }, 'blaenau-gwent')).toMatchObject(
        { email: 'joanne.reynolds@blaenau-gwent.gov.uk' },
      );
      expect(await people.seniorContact({ services: ['corporate-leadership'], skills: [] }, 'torfaen')).toBeNull();
    });
  });

  describe('self-service', () => {
    const sian: Actor = { email: 'sian.morgan@torfaen.gov.uk', isAdmin: false, via: 'slack' };

    it('lets a person edit their own skills and Welsh level, and keeps them through the next import', async () => {
      const updated = await people.updateProfile(
        'sian.morgan@torfaen.gov.uk',
        { skills: ['Refuse collection', 'Route optimisation'], welshLevel: 3 },
        sian,
      );
      expect(updated).toMatchObject({ skills: ['Refuse collection', 'Route optimisation'], welshLevel: 3 });
      expect((await people.findBySkill('route optimisation'))[0]!.email).toBe('sian.morgan@torfaen.gov.uk');
      await people.importCsv(directoryCsv, admin);
      expect(await people.getOwnProfile('sian.morgan@torfaen.gov.uk')).toMatchObject({
        skills: ['Refuse collection', 'Route optimisation'],
        welshLevel: 3,
      });
    });

    it("refuses to change somebody else's profile, or a bad value", async () => {
      await expect(people.updateProfile('gareth.lewis@torfaen.gov.uk', { welshLevel: 5 }, sian)).rejects.toThrowError(
        ForbiddenError,
      );
      await expect(people.updateProfile('sian.morgan@torfaen.gov.uk', { welshLevel: 9 }, sian)).rejects.toThrowError(
        /welshLevel is 0-5/,
      );
    });

    it('words a refused profile change and a refused search in Welsh too, keeping the English as it was', async () => {
      const refusal = async (work: Promise<unknown>) =>
        work.then(
          () => expect.unreachable('expected a refusal'),
          (error: unknown) => error as Error,
        );
      const long = await refusal(
        people.updateProfile(
          'sian.morgan@torfaen.gov.uk',
          { skills: ['GIS', 'x'.repeat(120), ' '], welshLevel: 7 },
          sian,
        ),
      );
      expect(long).toBeInstanceOf(ValidationError);
      expect(long.message).toBe('a skill is longer than 100 characters; a skill cannot be empty; welshLevel is 0-5');
      expect(errorMessageIn(long, 'cy')).toBe(
        'mae un o’r sgiliau yn hirach na 100 nod; ni chaiff sgil fod yn wag; mae lefel y Gymraeg rhwng 0 a 5',
      );
      const many = await refusal(
        people.updateProfile(
          'sian.morgan@torfaen.gov.uk',
          { skills: Array.from({ length: 51 }, (_, index) => `Skill ${index}`) },
          sian,
        ),
      );
      expect(errorMessageIn(many, 'cy')).toBe('rhowch ddim mwy na 50 sgil');
      const short = await refusal(people.findBySkill('a'));
      expect(errorMessageIn(short, 'cy')).toBe('Chwiliwch am o leiaf ddwy lythyren, fel "GIS".');
      expect(errorMessageIn(short, 'en')).toBe('Search for at least two letters, such as "GIS".');
      const other = await refusal(people.updateProfile('gareth.lewis@torfaen.gov.uk', { welshLevel: 5 }, sian));
      expect(errorMessageIn(other, 'cy')).toBe('Dim ond eich proffil eich hun y gallwch ei newid neu ei ddileu.');
    });

    it('hides a profile from every search until the person shows it again, and the import does not undo it', async () => {
      await people.updateProfile(
        'aled.jenkins@torfaen.gov.uk',
        { visible: false },
        { email: 'aled.jenkins@torfaen.gov.uk', isAdmin: false, via: 'teams' },
      );
      expect((await people.findBySkill('GIS')).map((person) => person.email)).toEqual([
        'leanne.smith@blaenau-gwent.gov.uk',
      ]);
      await people.importCsv(directoryCsv, admin);
      expect(await people.getPerson('aled.jenkins@torfaen.gov.uk')).toBeNull();
      expect(await people.getOwnProfile('aled.jenkins@torfaen.gov.uk')).toMatchObject({
        visible: false,
        name: 'Aled Jenkins',
      });
      await people.updateProfile(
        'aled.jenkins@torfaen.gov.uk',
        { visible: true },
        { email: 'aled.jenkins@torfaen.gov.uk', isAdmin: false, via: 'teams' },
      );
      expect(await people.findBySkill('GIS')).toHaveLength(2);
    });

    it('links chat accounts to a profile', async () => {
      expect(await people.findByChannelUser('slack', 'U0GARETH')).toMatchObject({
        email: 'gareth.lewis@torfaen.gov.uk',
      });
      expect(await people.findByChannelUser('teams', 'T-CARYS')).toMatchObject({
        email: 'carys.morgan@blaenau-gwent.gov.uk',
      });
      await people.linkChannelUser('leanne.smith@blaenau-gwent.gov.uk', 'slack', 'U0LEANNE');
      expect(await people.findByChannelUser('slack', 'U0LEANNE')).toMatchObject({
        email: 'leanne.smith@blaenau-gwent.gov.uk',
      });
      expect(await people.findByChannelUser('slack', 'U0NOBODY')).toBeNull();
    });

    it('erases a profile for good and keeps only that it happened in the audit trail', async () => {
      const craig: Actor = { email: 'craig.walters@blaenau-gwent.gov.uk', isAdmin: false, via: 'slack' };
      await people.updateProfile(craig.email!, { skills: ['Flooding', 'Culverts'] }, craig);
      await expect(people.eraseProfile('craig.walters@blaenau-gwent.gov.uk', sian)).rejects.toThrowError(
        ForbiddenError,
      );
      await people.eraseProfile('craig.walters@blaenau-gwent.gov.uk', craig);
      expect(await people.getOwnProfile(craig.email!)).toBeNull();
      expect((await people.findBySkill('flooding')).map((person) => person.email)).toEqual([
        'catrin.davies@torfaen.gov.uk',
      ]);
      const rows = await db.query<{ name_found: boolean }>(
        `select count(*) > 0 as name_found from people where email = $1`,
        [craig.email],
      );
      expect(rows[0]!.name_found).toBe(false);
      const trail = await people.auditTrail(admin, { subject: craig.email! });
      expect(trail[0]).toMatchObject({ action: 'people.erase', actorEmail: craig.email, via: 'slack', detail: {} });
      expect(JSON.stringify(trail)).not.toMatch(/Culverts|Craig Walters/);
      await expect(people.eraseProfile(craig.email!, craig)).rejects.toThrowError(NotFoundError);

      const nextExport = await people.importCsv(directoryCsv, admin);
      expect(nextExport.rejected).toEqual([
        { line: 15, reason: expect.stringMatching(/^this person erased their Pont profile, so it is not added again/) },
      ]);
      expect(await people.getOwnProfile(craig.email!)).toBeNull();
      const readmitted = await people.importCsv(directoryCsv, admin, { readmitErased: true });
      expect(readmitted).toMatchObject({ imported: 1, rejected: [] });
      expect(await people.importCsv(directoryCsv, admin)).toMatchObject({ imported: 0, rejected: [] });
    });

    it('records every import and every change, by whom and when', async () => {
      const trail = await people.auditTrail(admin, { limit: 500 });
      const actions = trail.map((entry) => entry.action);
      expect(actions).toEqual(
        expect.arrayContaining([
          'people.import',
          'people.import.added',
          'people.import.updated',
          'people.profile.update',
          'people.profile.hide',
          'people.link',
          'people.erase',
        ]),
      );
      const firstImport = trail.filter((entry) => entry.action === 'people.import').at(-1)!;
      expect(firstImport).toMatchObject({ actorEmail: 'admin@torfaen.gov.uk', via: 'cli', detail: { imported: 15 } });
      expect(firstImport.at).toBeInstanceOf(Date);
      const sianChange = trail.find(
        (entry) => entry.subject === 'sian.morgan@torfaen.gov.uk' && entry.action === 'people.profile.update',
      )!;
      expect(sianChange).toMatchObject({
        actorEmail: 'sian.morgan@torfaen.gov.uk',
        via: 'slack',
        detail: { fields: ['skills', 'welshLevel'] },
      });
      await expect(
        people.auditTrail({ email: 'sian.morgan@torfaen.gov.uk', isAdmin: false, via: 'slack' }),
      ).rejects.toThrowError(ForbiddenError);
    });
  });

  it('shows a change made by another replica on the next search', async () => {
    const replica = createPeople({ directory: createDirectoryStore(db), taxonomy });
    expect((await replica.findBySkill('GIS')).length).toBe(2);
    await people.updateProfile('leanne.smith@blaenau-gwent.gov.uk', { skills: ['Land charges'] }, admin);
    expect((await replica.findBySkill('GIS')).map((person) => person.email)).toEqual(['aled.jenkins@torfaen.gov.uk']);
  });
});
