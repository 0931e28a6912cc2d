import { messagesFor } from '../../../core/assistant/index.ts';
import type { Reply } from '../../../core/assistant/index.ts';
import { answerOutcome, type Citation } from '../../../core/knowledge/index.ts';
import { citationVersions } from '../../../core/knowledge/index.ts';
import type { PersonMatch } from '../../../core/people/index.ts';
import type { SharingRequest } from '../../../core/sharing/index.ts';
import { actionIds } from '../ids.ts';
import { actions, button, context, section, sections, type Block } from './block-kit.ts';
import { blockLimits, escapeMrkdwn, markdownToMrkdwn, truncate } from './text.ts';

/** A rendered Slack message: the notification/fallback text and the blocks. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export interface RenderOptions {
  /** Adds a "Share in channel" button carrying this stored lookup id (private slash-command results). */
  shareLookupId?: string;
}

function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/** A citation's line under "Sources"; its quote only when the answer above does not already show it. */
function citationLine(citation: Citation, index: number, shown = ''): string {
  const title = escapeMrkdwn(truncate(citation.title || citation.source, 150));
  const link = isUrl(citation.source)
    ? `<${citation.source}|${title}>`
    : `*${title}* (${escapeMrkdwn(truncate(citation.source, 300))})`;
  const quote =
    citation.quote && !shown.includes(citation.quote)
      ? `\n_“${escapeMrkdwn(truncate(citation.quote.replace(/\s+/g, ' '), 600))}”_`
      : '';
  // NOTE: a page with a twin in the other language links both, English first: "English · Cymraeg".
  const versions = citationVersions(citation)
    .filter((version) => isUrl(version.url))
    .map((version) => `<${version.url}|${version.label}>`)
    .join(' · ');
  return `[${index + 1}] ${link}${citation.published ? ` · ${escapeMrkdwn(citation.published)}` : ''}${versions ? ` · ${versions}` : ''}${quote}`;
}

function personBlock(person: PersonMatch, language: Reply['language']): Block {
  const messages = messagesFor(language);
  const lines = [
    `*${escapeMrkdwn(person.name)}* · ${escapeMrkdwn(person.jobTitle)}`,
    `${escapeMrkdwn(person.serviceArea)} · ${messages.councilName(person.council)} · <mailto:${person.email}|${escapeMrkdwn(person.email)}>`,
  ];
  if (person.skills.length > 0)
    lines.push(`${messages.skills}: ${escapeMrkdwn(truncate(person.skills.join(', '), 500))}`);
  lines.push(`${messages.welshLevel}: ${messages.welshLevels[person.welshLevel] ?? person.welshLevel}`);
  if (person.reasons.length > 0)
    lines.push(`_${messages.whyMatched}: ${escapeMrkdwn(truncate(person.reasons.join('; '), 600))}_`);
  return section(lines.join('\n'));
}

/** One line about a request, for lists. */
export function requestLine(request: SharingRequest, language: Reply['language']): string {
  const messages = messagesFor(language);
  return `*#${request.id}* ${escapeMrkdwn(truncate(request.title, 200))} · ${messages.requestStatus[request.status]}`;
}

/**
 * Renders the core's reply as a Slack message. Long answers become several sections (3,000 characters each);
 * the caller splits more than 50 blocks over several messages.
 */
export function renderReply(reply: Reply, options: RenderOptions = {}): SlackMessage {
  const messages = messagesFor(reply.language);
  const blocks: Block[] = [];
  let text: string;

  switch (reply.kind) {
    case 'answer': {
      const { answer } = reply;
      // NOTE: the closest passages read like an answer (with their own lead-in); only a refusal gets the fixed text.
      const refused = answerOutcome(answer) === 'refused';
      text = refused
        ? [messages.noAnswer, ...(reply.offerAskAPerson ? [messages.askAPersonHint] : [])].join(' ')
        : answer.answer;
      // NOTE: only a model-written answer is read as Markdown (the core kept only links its cited passages
      // contain); an answer quoted from documents, kept answers included, is shown as written.
      blocks.push(...sections(!refused && answer.model ? markdownToMrkdwn(answer.answer) : escapeMrkdwn(text)));
      if (answer.note) blocks.push(context(escapeMrkdwn(answer.note)));
      if (answer.citations.length > 0) {
        blocks.push(context(`*${messages.sources}*`));
        for (const [index, citation] of answer.citations.slice(0, 10).entries())
          blocks.push(context(citationLine(citation, index, answer.answer)));
      }
      const buttons: Block[] = [];
      if (reply.answerId) {
        buttons.push(
          button({ actionId: actionIds.feedbackHelpful, text: `👍 ${messages.helpful}`, value: reply.answerId }),
          button({ actionId: actionIds.feedbackNotHelpful, text: `👎 ${messages.notHelpful}`, value: reply.answerId }),
        );
      }
      if (!answer.answered && reply.offerAskAPerson) {
        buttons.push(
          button({
            actionId: actionIds.askAPerson,
            text: messages.askAPerson,
            value: reply.question,
            style: 'primary',
          }),
        );
      }
      if (buttons.length > 0) blocks.push(actions('pont_answer_actions', ...buttons));
      break;
    }
    case 'people': {
      text = reply.heading;
      blocks.push(section(`*${escapeMrkdwn(reply.heading)}*`));
      for (const person of reply.people.slice(0, 20)) blocks.push(personBlock(person, reply.language));
      if (reply.note) blocks.push(context(escapeMrkdwn(reply.note)));
      break;
    }
    case 'request': {
      text = reply.text;
      blocks.push(...sections(escapeMrkdwn(reply.text)));
      blocks.push(context(requestLine(reply.request, reply.language)));
      break;
    }
    case 'requests': {
      text = reply.heading;
      blocks.push(section(`*${escapeMrkdwn(reply.heading)}*`));
      for (const request of reply.requests.slice(0, 40)) blocks.push(section(requestLine(request, reply.language)));
      if (reply.note) blocks.push(context(escapeMrkdwn(reply.note)));
      break;
    }
    case 'confirm-share': {
      text = reply.text;
      blocks.push(...sections(escapeMrkdwn(reply.text)));
      blocks.push(section(`> ${escapeMrkdwn(truncate(reply.request, 2500))}`));
      blocks.push(
        actions(
          'pont_confirm_share',
          button({
            actionId: actionIds.confirmShare,
            text: messages.sendRequest,
            value: reply.request,
            style: 'primary',
          }),
        ),
      );
      break;
    }
    case 'profile': {
      text = reply.text;
      blocks.push(...sections(escapeMrkdwn(reply.text)));
      if (reply.person)
        blocks.push(
          actions('pont_profile_actions', button({ actionId: actionIds.editProfile, text: messages.editProfile })),
        );
      break;
    }
    case 'text':
    case 'error': {
      text = reply.text;
      blocks.push(...sections(escapeMrkdwn(reply.text)));
      break;
    }
  }

  if (options.shareLookupId) blocks.push(shareInChannelBlock(reply.language, options.shareLookupId));
  return { text: truncate(text, blockLimits.fallbackText), blocks };
}

/** The "Share in channel" button under a private lookup result, carrying the stored lookup's id. */
export function shareInChannelBlock(language: Reply['language'], lookupId: string): Block {
  return actions(
    'pont_lookup_actions',
    button({ actionId: actionIds.shareInChannel, text: messagesFor(language).shareInChannel, value: lookupId }),
  );
}
