import { messagesFor } from '../../../core/assistant/index.ts';
import type { Language } from '../../../core/language/index.ts';
import type { SharingRequest } from '../../../core/sharing/index.ts';
import { actionIds } from '../ids.ts';
import { slackMessagesFor } from '../messages.ts';
import { actions, button, context, fieldsSection, header, section, sections, type Block } from './block-kit.ts';
import type { SlackMessage } from './reply-blocks.ts';
import { escapeMrkdwn, truncate } from './text.ts';

/** Who looks at a request message: the person who asked, or someone it was sent to. */
export interface RequestViewer {
  role: 'requester' | 'recipient';
  email: string;
  language: Language;
  /** Why this recipient was chosen (routing reasons), when known. */
  reasons?: string[];
}

/** How to show a person: a Slack mention when their Slack id is known, else their email. */
export type PersonLabel = (email: string) => string;

const open = new Set(['open', 'routed']);

/**
 * The buttons for the actions the core lists for the request's reader (`request.actions`), in its order: the
 * channel maps each action to a button and decides none of them. Rating is two buttons, one for each answer.
 */
export function requestButtons(request: SharingRequest, language: Language): Block[] {
  const messages = messagesFor(language);
  const value = request.id;
  return request.actions.flatMap((action): Block[] => {
    switch (action) {
      case 'claim':
        return [button({ actionId: actionIds.claim, text: messages.claim, value, style: 'primary' })];
      case 'decline':
        return [button({ actionId: actionIds.decline, text: messages.notMe, value })];
      case 'answer':
        return [button({ actionId: actionIds.answer, text: messages.answer, value, style: 'primary' })];
      case 'markHelpful':
        return [
          button({ actionId: actionIds.markHelpful, text: `👍 ${messages.helpful}`, value, style: 'primary' }),
          button({ actionId: actionIds.markNotHelpful, text: `👎 ${messages.notHelpful}`, value }),
        ];
      case 'close':
        return [button({ actionId: actionIds.close, text: messages.close, value })];
      case 'cancel':
        return [button({ actionId: actionIds.cancel, text: messages.cancel, value, style: 'danger' })];
    }
  });
}

/**
 * A sharing request as one Slack message, for one viewer. It is re-rendered and updated in place (chat.update)
 * at every step, so its buttons are always the actions the core lists for that viewer now.
 */
export function renderRequestMessage(request: SharingRequest, viewer: RequestViewer, label: PersonLabel): SlackMessage {
  const messages = messagesFor(viewer.language);
  const slack = slackMessagesFor(viewer.language);
  const blocks: Block[] = [header(slack.requestHeading(request.id, truncate(request.title, 100)))];
  if (request.detail && request.detail.trim() !== request.title.trim())
    blocks.push(...sections(escapeMrkdwn(request.detail)));

  const fields = [
    `*${messages.requestedBy}*\n${request.requesterEmail ? label(request.requesterEmail) : messages.memberOfStaff} (${messages.councilName(request.requesterCouncil)})`,
    `*${messages.status}*\n${messages.requestStatus[request.status]}`,
  ];
  if (request.claimedBy) fields.push(`*${messages.claimedBy}*\n${label(request.claimedBy)}`);
  if (viewer.role === 'requester' && request.routedTo.length > 0) {
    fields.push(`*${messages.routedTo}*\n${request.routedTo.map(label).join(', ')}`);
  }
  blocks.push(fieldsSection(fields));
  if (viewer.role === 'recipient' && viewer.reasons && viewer.reasons.length > 0) {
    blocks.push(context(`_${slack.whyYou}: ${escapeMrkdwn(truncate(viewer.reasons.join('; '), 600))}_`));
  }

  if (request.answer) {
    blocks.push(section(`*${slack.answerFrom(request.answeredBy ? label(request.answeredBy) : '—')}*`));
    blocks.push(...sections(escapeMrkdwn(request.answer)));
  }

  const email = viewer.email.toLowerCase();
  const stillAsked =
    request.routedTo.some((routed) => routed.toLowerCase() === email) || request.claimedBy?.toLowerCase() === email;
  if (viewer.role === 'recipient' && !stillAsked && open.has(request.status)) {
    // They said "Not me" (or it was rerouted away from them): a note; the core may still let them claim it.
    blocks.push(context(slack.declined));
  } else if (request.status === 'claimed' && request.claimedBy?.toLowerCase() === email) {
    blocks.push(context(slack.claimedByYou));
  } else if (viewer.role === 'recipient' && request.status === 'claimed' && request.claimedBy) {
    blocks.push(context(slack.claimedByOther(label(request.claimedBy))));
  }
  if (request.helpful !== null) blocks.push(context(request.helpful ? slack.markedHelpful : slack.markedNotHelpful));
  else if (request.actions.includes('markHelpful')) blocks.push(section(messages.wasThisHelpful));
  const buttons = requestButtons(request, viewer.language);
  if (buttons.length > 0) blocks.push(actions(`pont_request_${request.id}`, ...buttons));

  const text = `${slack.requestHeading(request.id, request.title)} · ${messages.requestStatus[request.status]}`;
  return { text: truncate(text, 3000), blocks };
}
