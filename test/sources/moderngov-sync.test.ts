import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openFolder, type OpenFolder } from '../support/cli.ts';
import { startFakeModernGov, type FakeModernGov } from '../support/fake-moderngov.ts';
import { makePdf } from '../ingest/make-fixtures.ts';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/moderngov');

let recorded: FakeModernGov;
let generated: FakeModernGov;
let archive: FakeModernGov;
let dataDir: string;
let folder: OpenFolder;

interface Printed {
  source: { id: string };
  sources: {
    id: string;
    added: number;
    updated: number;
    removed: number;
    unchanged: number;
    error?: string;
    lastError?: string;
    documents?: number;
    failed: { url: string; reason: string }[];
  }[];
  citations: { source: string; title: string; published?: string }[];
  answer: string;
}
const pont = async (...argv: string[]) => {
  const run = await folder.run([...argv, '--json'], { LOG_LEVEL: 'silent', PONT_FETCH_ALLOW: '127.0.0.1' });
  return { ...run, json: () => JSON.parse(run.stdout) as Printed };
};
/** Days from 1 January 2025 to today, and a month more: the recorded meeting of March 2025 is in range, 2019's is not. */
const daysBack = String(Math.ceil((Date.now() - Date.UTC(2025, 0, 1)) / 86_400_000) + 30);
const isoDaysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

describe('pont sources: ModernGov committee papers through mgWebService.asmx', { timeout: 400_000 }, () => {
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pont-sources-mg-'));
    folder = await openFolder(dataDir);
    recorded = await startFakeModernGov();
    const host = recorded.url.replace(/^http:\/\//, '');
    const file = (name: string) => fs.readFileSync(path.join(fixtures, name), 'utf8').replaceAll('HOST', host);
    recorded.files.set('/mgWebService.asmx/GetCommittees', {
      type: 'text/xml; charset=utf-8',
      body: file('get-committees.xml'),
    });
    recorded.files.set('/mgWebService.asmx/GetMeetings', {
      type: 'text/xml; charset=utf-8',
      body: file('get-meetings.xml'),
    });
    recorded.files.set('/mgWebService.asmx/GetMeeting', {
      type: 'text/xml; charset=utf-8',
      body: file('get-meeting.xml'),
    });
    recorded.files.set('/documents/s51870/Waste%20and%20Recycling%20Strategy%20report.pdf', {
      type: 'application/pdf',
      body: makePdf([
        'Waste and Recycling Strategy 2025 to 2030',
        'The strategy sets a recycling target of seventy per cent by 2030 and keeps weekly food waste collections.',
      ]),
    });
    recorded.files.set('/documents/g4021/Printed%20decisions%2012th-Mar-2025%2014.00%20Cabinet.pdf', {
      type: 'application/pdf',
      body: makePdf([
        'Cabinet decisions 12 March 2025',
        'Resolved that three-weekly black bin collections begin in October 2025.',
      ]),
    });

    generated = await startFakeModernGov();
    generated.committees.push({ id: 1, title: 'Cabinet' }, { id: 2, title: 'Licensing Committee' });
    generated.meetings.push(
      {
        id: 11,
        committeeId: 1,
        date: isoDaysAgo(40),
        items: [
          {
            id: 101,
            number: '4',
            title: 'Library opening hours',
            html: '<p>Cabinet agreed that libraries open on Saturday afternoons from next month.</p>',
            documents: [
              {
                attachmentId: 9001,
                title: 'Library hours report',
                body: makePdf(['Library hours report', 'Saturday opening costs twelve thousand pounds a year.']),
              },
            ],
          },
        ],
      },
      {
        id: 12,
        committeeId: 2,
        date: isoDaysAgo(10),
        items: [
          {
            id: 102,
            number: '3',
            title: 'Taxi licence fees',
            html: '<p>The committee set the hackney carriage licence fee at two hundred and ten pounds.</p>',
          },
        ],
      },
    );
  });

  afterAll(async () => {
    vi.useRealTimers();
    await recorded.close();
    await generated.close();
    await archive?.close();
    await folder?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('reads the recorded response shapes: a meeting in range, its public papers, never the restricted ones', async () => {
    const added = await pont(
      'sources',
      'add',
      'moderngov',
      `${recorded.url}/`,
      '--council',
      'torfaen',
      '--committee',
      'Cabinet',
      '--days-back',
      daysBack,
      '--rate',
      '50',
    );
    expect(added.status).toBe(0);
    const id = added.json().source.id;
    expect(added.json().source).toMatchObject({ kind: 'moderngov', council: 'torfaen' });

    const sync = await pont('sources', 'sync', id);
    expect(sync.status).toBe(0);
    expect(sync.json().sources[0]).toMatchObject({ id, added: 3, updated: 0, removed: 0, failed: [] });
    expect(recorded.requests.some((request) => request.includes('s51872'))).toBe(false);
    expect(recorded.requests.filter((request) => request.startsWith('/mgWebService.asmx/GetMeeting?'))).toEqual([
      '/mgWebService.asmx/GetMeeting?lMeetingId=4021',
    ]);

    const decided = await pont('ask', 'What did Cabinet decide about black bin collections?');
    const meetingPage = `${recorded.url}/ieListDocuments.aspx?CId=133&MId=4021`;
    const cited = decided
      .json()
      .citations.map((citation) => ({ source: citation.source, title: citation.title, published: citation.published }));
    expect(cited).toContainEqual({ source: meetingPage, title: 'Cabinet, 12 March 2025', published: '2025-03-12' });
    const report = await pont('ask', 'What recycling target does the waste strategy set?');
    expect(report.json().citations[0]).toMatchObject({
      source: `${recorded.url}/documents/s51870/Waste%20and%20Recycling%20Strategy%20report.pdf`,
      title: 'Cabinet, 12 March 2025: Waste and Recycling Strategy report',
      published: '2025-03-12',
    });
  });

  it('re-reads only what is new, keeps everything when the service fails, and reports malformed XML on the source', async () => {
    const id = (
      await pont(
        'sources',
        'add',
        'moderngov',
        `${generated.url}/mgWebService.asmx`,
        '--council',
        'blaenau-gwent',
        '--rate',
        '50',
      )
    ).json().source.id;
    const first = await pont('sources', 'sync', id);
    expect(first.json().sources[0]).toMatchObject({ added: 3, removed: 0, failed: [] });

    generated.requests.length = 0;
    generated.meetings.push({
      id: 13,
      committeeId: 1,
      date: isoDaysAgo(2),
      items: [
        {
          id: 103,
          number: '6',
          title: 'Leisure centre fees',
          html: '<p>Cabinet froze leisure centre fees for another year.</p>',
        },
      ],
    });
    const second = await pont('sources', 'sync', id);
    expect(second.json().sources[0]).toMatchObject({ added: 1, updated: 0, removed: 0, unchanged: 3 });
    // The report already read is not downloaded again.
    expect(generated.requests.filter((request) => request.startsWith('/documents/'))).toEqual([]);

    generated.failing.add('GetMeeting');
    const failing = await pont('sources', 'sync', id);
    expect(failing.status).toBe(0);
    expect(failing.json().sources[0]).toMatchObject({ added: 0, removed: 0 });
    expect(failing.json().sources[0]!.failed).toHaveLength(3);
    expect(failing.json().sources[0]!.failed[0]!.reason).toBe("ModernGov's GetMeeting could not be read (HTTP 500)");
    generated.failing.clear();

    generated.malformed.add('GetCommittees');
    const malformed = await pont('sources', 'sync', id);
    expect(malformed.status).toBe(1);
    expect(malformed.json().sources[0]!.error).toMatch(/^ModernGov's GetCommittees answered with malformed XML/);
    const listed = (await pont('sources', 'list')).json().sources.find((source) => source.id === id);
    expect(listed).toMatchObject({ documents: 4 });
    expect(listed!.lastError).toMatch(/malformed XML/);
    const taxi = await pont('ask', 'What is the hackney carriage licence fee?');
    expect(taxi.json().citations[0]).toMatchObject({
      source: `${generated.url}/ieListDocuments.aspx?CId=2&MId=12`,
      title: expect.stringMatching(/^Licensing Committee, /),
    });
  });

  it('asks GetMeeting again only for meetings that are new, moved, recent or due their monthly sweep', async () => {
    archive = await startFakeModernGov();
    archive.committees.push({ id: 7, title: 'Planning Committee' });
    const paper = (attachmentId: number, title: string, text: string) => ({
      attachmentId,
      title,
      body: makePdf([title, text]),
    });
    archive.meetings.push(
      {
        id: 71,
        committeeId: 7,
        date: isoDaysAgo(200),
        items: [
          {
            id: 701,
            number: '5',
            title: 'Quarry extension',
            html: '<p>The committee refused the quarry extension at Varteg.</p>',
            documents: [
              paper(7001, 'Quarry extension report', 'The quarry extension would add forty lorry movements a day.'),
            ],
          },
        ],
      },
      {
        id: 72,
        committeeId: 7,
        date: isoDaysAgo(150),
        items: [
          {
            id: 702,
            number: '4',
            title: 'Wind turbine',
            html: '<p>The committee approved a single wind turbine at Mynydd Maen.</p>',
          },
        ],
      },
      {
        id: 73,
        committeeId: 7,
        date: isoDaysAgo(20),
        items: [
          {
            id: 703,
            number: '6',
            title: 'Housing at Llanyrafon',
            html: '<p>Outline consent was granted for eighty homes at Llanyrafon.</p>',
            documents: [paper(7003, 'Llanyrafon housing report', 'A third of the eighty homes will be affordable.')],
          },
        ],
      },
    );
    const meetingsAsked = () =>
      archive.requests
        .filter((request) => request.startsWith('/mgWebService.asmx/GetMeeting?'))
        .map((request) => request.replace('/mgWebService.asmx/GetMeeting?lMeetingId=', ''));
    const id = (
      await pont('sources', 'add', 'moderngov', `${archive.url}/`, '--council', 'torfaen', '--rate', '50')
    ).json().source.id;
    const first = await pont('sources', 'sync', id);
    expect(first.json().sources[0]).toMatchObject({ added: 5, failed: [] });
    expect(meetingsAsked()).toEqual(['71', '72', '73']);

    // Nothing changed: only the recent meeting is asked for; the older ones and their papers are kept as they are.
    archive.requests.length = 0;
    const again = await pont('sources', 'sync', id);
    expect(again.json().sources[0]).toMatchObject({ added: 0, updated: 0, removed: 0, unchanged: 5, failed: [] });
    expect(meetingsAsked()).toEqual(['73']);
    expect(archive.requests.filter((request) => request.startsWith('/documents/'))).toEqual([]);

    // The listing shows the wind turbine meeting moved: it is read again.
    archive.requests.length = 0;
    archive.meetings.find((meeting) => meeting.id === 72)!.time = '10:00';
    await pont('sources', 'sync', id);
    expect(meetingsAsked()).toEqual(['72', '73']);

    // Minutes added late to an old meeting are found by the sweep, four weeks on.
    archive.meetings.find((meeting) => meeting.id === 71)!.documents = [
      paper(7010, 'Minutes', 'The minutes record that the quarry operator may appeal within six months.'),
    ];
    archive.requests.length = 0;
    await pont('sources', 'sync', id);
    expect(meetingsAsked()).toEqual(['73']);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 29 * 86_400_000 });
    archive.requests.length = 0;
    const swept = await pont('sources', 'sync', id);
    vi.useRealTimers();
    expect(meetingsAsked()).toEqual(['71', '72', '73']);
    expect(swept.json().sources[0]).toMatchObject({ added: 1, removed: 0, failed: [] });
    const minutes = await pont('ask', 'How long does the quarry operator have to appeal?');
    expect(minutes.json().citations[0]).toMatchObject({
      title: expect.stringMatching(/^Planning Committee, .*: Minutes$/),
    });
  });
});
