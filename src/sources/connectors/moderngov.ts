import { XMLParser } from 'fast-xml-parser';
import type { ParsedDocument } from '../../core/knowledge/index.ts';
import { UpstreamError } from '../../errors.ts';
import { htmlText } from '../../ingest/index.ts';
import { documentLanguage } from '../../ingest/index.ts';
import { failureReason } from '../http.ts';
import type { Connector, SyncContext } from '../types.ts';
import { fetchDocument } from './fetch-document.ts';
import { readListing } from './fetch-xml.ts';

const xmlBytes = 20 * 1024 * 1024;
/** Meetings this many days old or newer are read again at every sync: minutes and decisions appear in the weeks after. */
const recentDays = 90;
/** Every meeting in range is read again once in this many days, to catch a paper published or corrected late. */
const sweepDays = 28;

/** What the last syncs learnt of each meeting read whole: how the listing showed it, and the papers it had. */
interface MeetingsCursor {
  meetings?: Record<string, { listed: string; papers: string[] }>;
  /** When every meeting in range was last read whole (ISO). */
  sweptAt?: string;
}
const repeated = new Set(['committee', 'meeting', 'agendaitem', 'linkeddoc']);
// NOTE: GetMeeting's root element is itself <meeting>: only nested ones are lists.
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name, path) => repeated.has(name) && String(path) !== 'meeting',
});

type Fields = Record<string, unknown>;
const field = (node: Fields, name: string): string => {
  const value = node[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
};
const flag = (node: Fields, name: string): boolean => field(node, name).toLowerCase() === 'true';
const list = (node: Fields | undefined, wrapper: string, name: string): Fields[] => {
  const outer = node?.[wrapper];
  if (!outer || typeof outer !== 'object') return [];
  const inner = (outer as Fields)[name];
  return Array.isArray(inner) ? (inner as Fields[]) : [];
};

/** `dd/mm/yyyy` as `yyyy-mm-dd`, or null. */
function isoDate(text: string): string | null {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(text);
  return match ? `${match[3]}-${match[2]!.padStart(2, '0')}-${match[1]!.padStart(2, '0')}` : null;
}

function ukDate(date: Date): string {
  return `${String(date.getUTCDate()).padStart(2, '0')}/${String(date.getUTCMonth() + 1).padStart(2, '0')}/${date.getUTCFullYear()}`;
}

function longDate(iso: string): string {
  return new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/**
 * A council's ModernGov committee papers through its web service (`mgWebService.asmx`): the committees, their
 * meetings in a date range, and each meeting's agenda items and published documents. Each meeting becomes a
 * document cited to its public page (`ieListDocuments.aspx`), and each report, minutes or decisions PDF a
 * document of its own; both carry the committee and the meeting date. Restricted (exempt) items are never read.
 */
export function createModernGovConnector(fetcher: typeof fetch): Connector {
  return {
    async sync(context: SyncContext) {
      const { source } = context;
      const site = new URL(source.url);
      const base = `${site.origin}${site.pathname.replace(/\/(mgWebService\.asmx.*|[^/]*\.aspx)?$/i, '').replace(/\/$/, '')}`;
      const service = `${base}/mgWebService.asmx`;

      async function call(operation: string, query: Record<string, string>): Promise<Fields> {
        const text = await readListing(fetcher, `${service}/${operation}?${new URLSearchParams(query).toString()}`, {
          limit: xmlBytes,
          words: {
            unreadable: (reason) => `ModernGov's ${operation} could not be read (${reason})`,
            malformed: (line, message) =>
              `ModernGov's ${operation} answered with malformed XML (line ${line}: ${message})`,
          },
        });
        return parser.parse(text) as Fields;
      }

      /** A document address on the site's own scheme: the service writes http:// on https:// sites. */
      const documentUrl = (text: string) => {
        const url = new URL(text, `${base}/`);
        if (url.host === site.host) url.protocol = site.protocol;
        return url.toString();
      };

      const now = Date.now();
      const from = new Date(now - (source.settings.daysBack ?? 730) * 86_400_000);
      const to = new Date(now + (source.settings.daysAhead ?? 60) * 86_400_000);
      const wanted = (source.settings.committees ?? []).map((name) => name.toLowerCase());

      // NOTE: the committee list failing stops the sync (an UpstreamError): nothing is removed.
      const committees = list(await call('GetCommittees', { lDays: '0' }), 'committees', 'committee');
      const chosen = committees.filter(
        (committee) =>
          !flag(committee, 'committeedeleted') &&
          (wanted.length === 0 ||
            wanted.some((name) => field(committee, 'committeetitle').toLowerCase().includes(name))),
      );

      let complete = true;
      const meetings: { committeeId: string; committee: string; id: string; date: string; listed: string }[] = [];
      for (const committee of chosen) {
        const committeeId = field(committee, 'committeeid');
        try {
          const answer = await call('GetMeetings', {
            lCommitteeId: committeeId,
            sFromDate: ukDate(from),
            sToDate: ukDate(to),
          });
          for (const meeting of list(answer, 'meetings', 'meeting')) {
            // NOTE: some services ignore the dates asked for and send the committee's whole history.
            const date = isoDate(field(meeting, 'meetingdate'));
            if (!date) continue;
            const at = Date.parse(`${date}T12:00:00Z`);
            if (at < from.getTime() || at > to.getTime()) continue;
            const listed = [date, field(meeting, 'meetingtime'), field(meeting, 'meetingstatus')].join(' ');
            meetings.push({
              committeeId,
              committee: field(meeting, 'committeetitle') || field(committee, 'committeetitle'),
              id: field(meeting, 'meetingid'),
              date,
              listed,
            });
          }
        } catch (error) {
          complete = false;
          await context.failed(
            `committee:${committeeId}`,
            `${service}/GetMeetings?lCommitteeId=${committeeId}`,
            failureReason(error).replace(/^could not be read \((.*)\)$/, '$1'),
          );
        }
      }
      context.total(meetings.length);

      // NOTE: GetMeetings says nothing of a meeting's papers changing, so GetMeeting is asked for a meeting that is new,
      // whose listing changed (date, time or status), that is recent or ahead, or that last time did not read whole;
      // and for every meeting once in `sweepDays`. An older meeting read before keeps its papers without a request.
      const cursor = (source.cursor ?? {}) as MeetingsCursor;
      const remembered = { ...(cursor.meetings ?? {}) };
      const sweeping = !cursor.sweptAt || now - Date.parse(cursor.sweptAt) > sweepDays * 86_400_000;
      const recentFrom = now - recentDays * 86_400_000;
      let everyMeetingRead = true;

      for (const meeting of meetings) {
        const key = `meeting:${meeting.id}`;
        const page = `${base}/ieListDocuments.aspx?CId=${meeting.committeeId}&MId=${meeting.id}`;
        const before = remembered[meeting.id];
        if (
          !sweeping &&
          before &&
          before.listed === meeting.listed &&
          Date.parse(`${meeting.date}T12:00:00Z`) < recentFrom
        ) {
          await context.unchanged(key);
          for (const paper of before.papers) await context.unchanged(paper);
          continue;
        }
        delete remembered[meeting.id];
        let detail: Fields;
        try {
          detail = (await call('GetMeeting', { lMeetingId: meeting.id })).meeting as Fields;
          if (!detail || typeof detail !== 'object') throw new UpstreamError('GetMeeting answered without a meeting');
        } catch (error) {
          // NOTE: a meeting that could not be read keeps its papers: this run removes nothing.
          complete = false;
          everyMeetingRead = false;
          await context.failed(key, page, error instanceof Error ? error.message : String(error));
          continue;
        }
        const when = longDate(meeting.date);
        const heading = `${meeting.committee}, ${when}`;
        const metadata = {
          committee: meeting.committee,
          meetingId: meeting.id,
          meetingDate: meeting.date,
          meetingUrl: page,
        };
        const items = list(detail, 'agendaitems', 'agendaitem').filter((item) => !flag(item, 'isrestricted'));
        const sections: ParsedDocument['sections'] = [];
        for (const item of items) {
          const text = htmlText(field(item, 'agendatext'));
          const number = field(item, 'fulldisplaynumberformat') || field(item, 'agendaitemnumber');
          const title = field(item, 'agendaitemtitle');
          if (text)
            sections.push({
              heading: `${number} ${title}`.trim(),
              paragraphs: text
                .split(/\n\s*\n/)
                .map((paragraph) => paragraph.trim())
                .filter(Boolean),
            });
        }
        if (sections.length > 0) {
          const body = sections.map((section) => section.paragraphs.join(' ')).join(' ');
          await context.put(key, {
            source: page,
            title: heading,
            language: documentLanguage(undefined, page, body),
            published: meeting.date,
            kind: 'document',
            sections,
            metadata,
          });
        } else await context.unchanged(key);

        const documents = [
          ...list(detail, 'linkeddocuments', 'linkeddoc'),
          ...items.flatMap((item) => list(item, 'linkeddocuments', 'linkeddoc')),
        ].filter((doc) => !flag(doc, 'isrestricted') && field(doc, 'url'));
        const papers: string[] = [];
        let readWhole = true;
        for (const doc of documents) {
          const url = documentUrl(field(doc, 'url'));
          const version = field(doc, 'attachmentid') || null;
          const known = await context.known(url);
          // NOTE: a published paper keeps its attachment id; one already read is not fetched again.
          if (known && known.error === null && known.version === version && known.documentSource !== null) {
            await context.unchanged(url);
            papers.push(url);
            continue;
          }
          try {
            const outcome = await fetchDocument(fetcher, url, known);
            if (outcome.kind === 'unchanged') {
              await context.unchanged(url);
              papers.push(url);
            } else if (outcome.kind === 'gone') await context.removed(url);
            else {
              papers.push(url);
              const title = field(doc, 'title') || outcome.document.title;
              await context.put(
                url,
                {
                  ...outcome.document,
                  source: url,
                  title: `${heading}: ${title}`,
                  published: meeting.date,
                  metadata: { ...outcome.document.metadata, ...metadata },
                },
                { etag: outcome.etag, lastModified: outcome.lastModified, version },
              );
            }
          } catch (error) {
            readWhole = false;
            await context.failed(url, url, failureReason(error));
          }
        }
        if (readWhole) remembered[meeting.id] = { listed: meeting.listed, papers };
        else everyMeetingRead = false;
      }
      // NOTE: meetings out of range now are forgotten with their papers.
      const inRange = new Set(meetings.map((meeting) => meeting.id));
      for (const id of Object.keys(remembered)) if (!inRange.has(id)) delete remembered[id];
      await context.saveCursor({
        meetings: remembered,
        sweptAt: sweeping && everyMeetingRead && complete ? new Date(now).toISOString() : cursor.sweptAt,
      });
      return { complete };
    },
  };
}
