import type { Reply } from '../../../core/assistant/index.ts';
import type { Citation } from '../../../core/knowledge/index.ts';
import { councilByDomain, type Council } from '../../../core/councils/index.ts';
import { citationVersions } from '../../../core/knowledge/index.ts';
import type { Language } from '../../../core/language/index.ts';
import { noTargetChosen, shareTargetForm } from '../../../core/sharing/index.ts';
import { teamsMessages } from '../messages.ts';
import {
  card,
  container,
  escapeMarkdown,
  execute,
  heading,
  text,
  withinSizeLimit,
  type AdaptiveCard,
  type CardElement,
} from './card.ts';
import { personElements } from './person-card.ts';
import { requestCard } from './request-card.ts';

/** Verbs of the conversation actions (`Action.Execute`) on reply cards. */
export const replyVerbs = {
  feedback: 'answer-feedback',
  askPerson: 'ask-person',
  shareSend: 'share-send',
  shareCancel: 'share-cancel',
  profileSave: 'profile-save',
} as const;

/** Renders the core's reply as one Adaptive Card. `footer` is an extra line, e.g. "you are not in the directory". */
export function replyCard(
  reply: Reply,
  options: { viewerEmail: string | null; footer?: string } = { viewerEmail: null },
): AdaptiveCard {
  const built = renderBody(reply, options.viewerEmail);
  if (options.footer) built.body.push(text(options.footer, { isSubtle: true, size: 'Small', spacing: 'Medium' }));
  return withinSizeLimit(built);
}

function renderBody(reply: Reply, viewerEmail: string | null): AdaptiveCard {
  const messages = teamsMessages(reply.language);
  switch (reply.kind) {
    case 'answer': {
      // NOTE: a model-written answer keeps its Markdown (the core has kept only links its cited passages contain);
      // an answer quoted from documents (kept answers included) is shown as written, never as Markdown.
      const body: CardElement[] = [
        text(reply.answer.model ? reply.answer.answer : escapeMarkdown(reply.answer.answer)),
      ];
      if (reply.answer.note) body.push(text(reply.answer.note, { isSubtle: true, size: 'Small' }));
      if (reply.answer.citations.length > 0) {
        body.push(text(messages.sources, { weight: 'Bolder', spacing: 'Medium' }));
        reply.answer.citations.forEach((citation, index) =>
          body.push(...citationElements(citation, index + 1, reply.answer.answer)),
        );
      }
      const actions: CardElement[] = [];
      if (reply.answerId) {
        actions.push(
          execute(messages.helpful, replyVerbs.feedback, { answerId: reply.answerId, helpful: true }),
          execute(messages.notHelpful, replyVerbs.feedback, { answerId: reply.answerId, helpful: false }),
        );
      }
      if (reply.offerAskAPerson)
        actions.push(
          execute(
            messages.askPerson,
            replyVerbs.askPerson,
            { question: reply.question },
            reply.answer.answered ? {} : { style: 'positive' },
          ),
        );
      return card(body, actions);
    }
    case 'people': {
      const body: CardElement[] = [heading(reply.heading)];
      if (reply.people.length === 0) body.push(text(messages.noPeople));
      for (const person of reply.people)
        body.push(container(personElements(person, reply.language), { separator: true, spacing: 'Medium' }));
      if (reply.note) body.push(text(reply.note, { isSubtle: true }));
      return card(body);
    }
    case 'request':
      return requestCard(reply.request, reply.language, { viewerEmail, notice: reply.text, noticeStyle: 'good' });
    case 'requests': {
      const body: CardElement[] = [heading(reply.heading)];
      for (const request of reply.requests) {
        body.push(
          container(
            [
              text(`**${escapeMarkdown(request.title)}**`),
              text(
                `${request.id} · ${messages.status[request.status]}${request.claimedBy ? ` · ${escapeMarkdown(request.claimedBy)}` : ''}`,
                { isSubtle: true, spacing: 'None' },
              ),
            ],
            { separator: true },
          ),
        );
      }
      return card(body);
    }
    case 'confirm-share':
      return shareFormCard(
        reply.language,
        reply.request,
        reply.text,
        viewerEmail ? councilByDomain(viewerEmail) : undefined,
      );
    case 'profile': {
      const body: CardElement[] = lines(reply.text);
      if (!reply.person) return card(body);
      body.push(...personElements(reply.person, reply.language));
      body.push(
        {
          type: 'Input.Text',
          id: 'skills',
          label: messages.skills,
          value: reply.person.skills.join('; '),
          maxLength: 1000,
        },
        {
          type: 'Input.ChoiceSet',
          id: 'welshLevel',
          label: messages.welshLevel,
          value: String(reply.person.welshLevel),
          choices: messages.welshLevels.map((title, level) => ({ title: `${level} ${title}`, value: String(level) })),
        },
        {
          type: 'Input.Toggle',
          id: 'visible',
          title: messages.visible,
          value: String(reply.person.visible),
          valueOn: 'true',
          valueOff: 'false',
        },
      );
      return card(body, [execute(messages.save, replyVerbs.profileSave, {}, { associatedInputs: 'auto' })]);
    }
    case 'text':
      return card(lines(reply.text));
    case 'error':
      return card(lines(reply.text, { color: 'Attention' }));
  }
}

/** One TextBlock a line: Teams does not reliably break a TextBlock on a single newline. */
function lines(value: string, options: CardElement = {}): CardElement[] {
  return value
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => text(line, { ...options, ...(index > 0 ? { spacing: 'None' } : {}) }));
}

/** A URL inside a Markdown link: brackets and spaces escaped so the link ends where it should. */
function markdownUrl(url: string): string {
  return url.replace(
    /[()\s]/g,
    (character) => `%${character.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`,
  );
}

/** A citation under "Sources"; its quote only when the answer above does not already show it. */
function citationElements(citation: Citation, number: number, shown = ''): CardElement[] {
  const isLink = /^https?:\/\//.test(citation.source);
  const title = isLink
    ? `[${escapeMarkdown(citation.title)}](${markdownUrl(citation.source)})`
    : escapeMarkdown(citation.title);
  const elements: CardElement[] = [text(`${number}. ${title}`, { spacing: 'Small' })];
  // NOTE: a page with a twin in the other language links both, English first: "English · Cymraeg".
  const versions = citationVersions(citation).filter((version) => /^https?:\/\//.test(version.url));
  if (versions.length > 0)
    elements.push(
      text(versions.map((version) => `[${version.label}](${markdownUrl(version.url)})`).join(' · '), {
        size: 'Small',
        spacing: 'None',
      }),
    );
  if (!isLink) elements.push(text(escapeMarkdown(citation.source), { isSubtle: true, size: 'Small', spacing: 'None' }));
  if (citation.quote && !shown.includes(citation.quote))
    elements.push(text(`“${escapeMarkdown(citation.quote)}”`, { isSubtle: true, size: 'Small', spacing: 'None' }));
  return elements;
}

/** The form that opens a sharing request, prefilled (from "Ask a person", a proposed request or a message). */
/**
 * The sharing request form: the request, and the councils to send it to by name (one, several or all of the
 * others, all ticked at first, and the requester's own), from the councils file.
 */
export function shareFormCard(language: Language, prefill: string, lead?: string, own?: Council): AdaptiveCard {
  const messages = teamsMessages(language);
  const body: CardElement[] = [];
  if (lead) body.push(text(lead));
  body.push(
    {
      type: 'Input.Text',
      id: 'request',
      label: messages.requestPrompt,
      value: prefill,
      isMultiline: true,
      maxLength: 5000,
    },
    shareTargetInput(language, own),
  );
  return card(body, [
    execute(messages.sendRequest, replyVerbs.shareSend, {}, { style: 'positive', associatedInputs: 'auto' }),
    execute(messages.cancel, replyVerbs.shareCancel, {}, { associatedInputs: 'none' }),
  ]);
}

/** The id of the councils choice on a share form; Teams sends the ticked ids joined by commas. */
export const shareTargetInputId = 'target';

/** A multi-select of the configured councils, the other councils ticked. */
export function shareTargetInput(language: Language, own: Council | undefined): CardElement {
  const form = shareTargetForm(own, language);
  return {
    type: 'Input.ChoiceSet',
    id: shareTargetInputId,
    label: teamsMessages(language).shareTargetLabel,
    isMultiSelect: true,
    style: 'expanded',
    isRequired: true,
    errorMessage: noTargetChosen[language],
    value: form.selected.join(','),
    choices: form.choices.map((choice) => ({ title: choice.label, value: choice.council })),
  };
}

/** A card with one message, for action results (thanks, nothing changed, not in the directory). */
export function noticeCard(message: string, style: 'default' | 'good' | 'attention' = 'default'): AdaptiveCard {
  const color = style === 'good' ? 'Good' : style === 'attention' ? 'Attention' : 'Default';
  return card([text(message, { color })]);
}
