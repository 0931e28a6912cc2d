import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeDocument {
  attachmentId: number;
  title: string;
  restricted?: boolean;
  body: Buffer;
}

export interface FakeAgendaItem {
  id: number;
  number: string;
  title: string;
  /** The item's text as ModernGov holds it: HTML. */
  html: string;
  restricted?: boolean;
  documents?: FakeDocument[];
}

export interface FakeMeeting {
  id: number;
  committeeId: number;
  /** yyyy-mm-dd */
  date: string;
  items: FakeAgendaItem[];
  /** Meeting-level papers: agenda frontsheet, printed minutes, decisions. */
  documents?: FakeDocument[];
  /** As GetMeetings lists it: `14:00` and `Confirmed` unless set (a moved meeting, a cancelled one). */
  time?: string;
  status?: string;
}

export interface FakeModernGov {
  url: string;
  committees: { id: number; title: string; deleted?: boolean }[];
  meetings: FakeMeeting[];
  /** Paths answered as given, before anything else (recorded responses, say). */
  files: Map<string, { type: string; body: string | Buffer }>;
  /** Operations that answer 500, and operations that answer malformed XML. */
  failing: Set<string>;
  malformed: Set<string>;
  requests: string[];
  close(): Promise<void>;
}

const escapeXml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const ukDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const bool = (value: boolean | undefined) => (value ? 'True' : 'False');

/**
 * A ModernGov site on 127.0.0.1: `mgWebService.asmx` answering GetCommittees, GetMeetings (which, like some real
 * services, ignores the dates asked for and sends the committee's whole history) and GetMeeting in the shapes
 * recorded in test/fixtures/moderngov, and the documents those name, under /documents/.
 */
export async function startFakeModernGov(): Promise<FakeModernGov> {
  let base = '';
  const state: Omit<FakeModernGov, 'url' | 'close'> = {
    committees: [],
    meetings: [],
    files: new Map(),
    failing: new Set(),
    malformed: new Set(),
    requests: [],
  };
  const documentPath = (meeting: FakeMeeting, document: FakeDocument, level: 'g' | 's') =>
    `/documents/${level}${level === 'g' ? meeting.id : document.attachmentId}/${encodeURIComponent(document.title)}.pdf`;
  const linked = (meeting: FakeMeeting, documents: FakeDocument[] | undefined, level: 'g' | 's') =>
    documents?.length
      ? `<linkeddocuments>${documents
          .map(
            (document) =>
              `<linkeddoc><attachmentid>${document.attachmentId}</attachmentid><title>${escapeXml(document.title)}</title><url>${base}${documentPath(meeting, document, level)}</url><isrestricted>${bool(document.restricted)}</isrestricted></linkeddoc>`,
          )
          .join('')}</linkeddocuments>`
      : '';
  const committeeTitle = (id: number) => state.committees.find((committee) => committee.id === id)?.title ?? '';

  function answer(operation: string, query: URLSearchParams): string | undefined {
    if (operation === 'GetCommittees') {
      return `<?xml version="1.0" encoding="utf-8"?><committees><committeescount>${state.committees.length}</committeescount>${state.committees
        .map(
          (committee) =>
            `<committee><committeeid>${committee.id}</committeeid><committeetitle>${escapeXml(committee.title)}</committeetitle><committeedeleted>${bool(committee.deleted)}</committeedeleted><committeeexpired>False</committeeexpired><committeecategory>Committees</committeecategory></committee>`,
        )
        .join('')}</committees>`;
    }
    if (operation === 'GetMeetings') {
      const id = Number(query.get('lCommitteeId'));
      const meetings = state.meetings.filter((meeting) => meeting.committeeId === id);
      return `<?xml version="1.0" encoding="utf-8"?><meetings><meetingscount>${meetings.length}</meetingscount>${meetings
        .map(
          (meeting) =>
            `<meeting><meetingid>${meeting.id}</meetingid><committeeid>${id}</committeeid><committeetitle>${escapeXml(committeeTitle(id))}</committeetitle><meetingdate>${ukDate(meeting.date)}</meetingdate><meetingtime>${meeting.time ?? '14:00'}</meetingtime><meetingstatus>${escapeXml(meeting.status ?? 'Confirmed')}</meetingstatus></meeting>`,
        )
        .join('')}</meetings>`;
    }
    if (operation === 'GetMeeting') {
      const meeting = state.meetings.find((candidate) => candidate.id === Number(query.get('lMeetingId')));
      if (!meeting) return undefined;
      return `<?xml version="1.0" encoding="utf-8"?><meeting><meetingid>${meeting.id}</meetingid><committeeid>${meeting.committeeId}</committeeid><committeetitle>${escapeXml(committeeTitle(meeting.committeeId))}</committeetitle><meetingdate>${ukDate(meeting.date)}</meetingdate><meetingtime>${meeting.time ?? '14:00'}</meetingtime><meetingstatus>${escapeXml(meeting.status ?? 'Confirmed')}</meetingstatus><agendapublished>True</agendapublished><minutepublished>True</minutepublished>${linked(meeting, meeting.documents, 'g')}<agendaitems>${meeting.items
        .map(
          (item) =>
            `<agendaitem><agendaitemid>${item.id}</agendaitemid><agendaitemnumber>${item.number}</agendaitemnumber><fulldisplaynumberformat>${item.number}.</fulldisplaynumberformat><agendaitemtitle>${escapeXml(item.title)}</agendaitemtitle><agendatext>${escapeXml(item.html)}</agendatext><isrestricted>${bool(item.restricted)}</isrestricted>${linked(meeting, item.documents, 's')}</agendaitem>`,
        )
        .join('')}</agendaitems></meeting>`;
    }
    return undefined;
  }

  function documentAt(path: string): FakeDocument | undefined {
    for (const meeting of state.meetings) {
      for (const document of meeting.documents ?? [])
        if (documentPath(meeting, document, 'g') === path) return document;
      for (const item of meeting.items)
        for (const document of item.documents ?? []) if (documentPath(meeting, document, 's') === path) return document;
    }
    return undefined;
  }

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', base);
    state.requests.push(url.pathname + url.search);
    const file = state.files.get(url.pathname + url.search) ?? state.files.get(url.pathname);
    if (file) return void response.writeHead(200, { 'content-type': file.type }).end(file.body);
    const operation = /^\/mgWebService\.asmx\/(\w+)$/.exec(url.pathname)?.[1];
    if (operation) {
      if (state.failing.has(operation))
        return void response.writeHead(500, { 'content-type': 'text/plain' }).end('System.InvalidOperationException');
      if (state.malformed.has(operation))
        return void response
          .writeHead(200, { 'content-type': 'text/xml; charset=utf-8' })
          .end('<?xml version="1.0"?><meetings><meeting><meetingid>1</meet');
      const xml = answer(operation, url.searchParams);
      if (xml === undefined)
        return void response
          .writeHead(500, { 'content-type': 'text/plain' })
          .end(`System.ArgumentException: ${operation}`);
      return void response.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(xml);
    }
    const document = documentAt(url.pathname);
    if (document) return void response.writeHead(200, { 'content-type': 'application/pdf' }).end(document.body);
    response.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, {
    url: base,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
