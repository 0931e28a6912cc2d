import { messagesFor } from '../../../core/assistant/index.ts';
import type { Language } from '../../../core/language/index.ts';
import type { PersonRecord } from '../../../core/people/index.ts';
import type { SharingRequest } from '../../../core/sharing/index.ts';
import { actionIds } from '../ids.ts';
import { slackMessagesFor } from '../messages.ts';
import { actions, button, context, divider, header, section, sections, type Block } from './block-kit.ts';
import { requestLine } from './reply-blocks.ts';
import { requestButtons } from './request-blocks.ts';
import { blockLimits, escapeMrkdwn } from './text.ts';

export interface HomeContent {
  language: Language;
  /** The viewer's own profile, or null when they are not in the directory. */
  person: PersonRecord | null;
  myRequests: SharingRequest[];
  routedToMe: SharingRequest[];
}

/** A request as one line; its button, if any, is the first step the core lists for the viewer that moves it on. */
function requestSection(request: SharingRequest, language: Language): Block {
  const next = request.actions.find((action) => action === 'answer' || action === 'claim');
  const [offered] = next ? requestButtons({ ...request, actions: [next] }, language) : [];
  return offered ? section(requestLine(request, language), offered) : section(requestLine(request, language));
}

/**
 * The App Home tab: the viewer's profile with an Edit button, their requests, and the requests sent to them.
 * Someone not in the directory sees how to get added and nothing else.
 */
export function renderHome(content: HomeContent): Block {
  const messages = messagesFor(content.language);
  const slack = slackMessagesFor(content.language);
  const blocks: Block[] = [header(messages.myProfile)];
  const { person } = content;
  if (!person) {
    blocks.push(section(`*${slack.notInDirectoryHome}*`), ...sections(escapeMrkdwn(messages.notInDirectory)));
    return { type: 'home', blocks };
  }
  blocks.push(
    section(
      [
        `*${escapeMrkdwn(person.name)}* · ${escapeMrkdwn(person.jobTitle)}`,
        `${escapeMrkdwn(person.serviceArea)} · ${messages.councilName(person.council)}`,
        escapeMrkdwn(messages.profileSummary(person.skills, person.welshLevel, person.visible)),
      ].join('\n'),
    ),
    actions(
      'pont_home_profile',
      button({ actionId: actionIds.editProfile, text: messages.editProfile, style: 'primary' }),
    ),
    divider,
    header(messages.myRequests),
  );
  // NOTE: a Home tab takes 100 blocks; keep room for both lists.
  const room = Math.floor((blockLimits.viewBlocks - blocks.length - 6) / 2);
  if (content.myRequests.length === 0) blocks.push(context(escapeMrkdwn(messages.noRequests)));
  for (const request of content.myRequests.slice(0, room)) blocks.push(requestSection(request, content.language));
  blocks.push(divider, header(messages.requestsRoutedToMe));
  if (content.routedToMe.length === 0) blocks.push(context(slack.none));
  for (const request of content.routedToMe.slice(0, room)) blocks.push(requestSection(request, content.language));
  return { type: 'home', blocks };
}
