import { messagesFor } from '../../../core/assistant/index.ts';
import type { Council } from '../../../core/councils/index.ts';
import type { Language } from '../../../core/language/index.ts';
import { shareTargetForm } from '../../../core/sharing/index.ts';
import type { PersonRecord } from '../../../core/people/index.ts';
import type { SharingRequest } from '../../../core/sharing/index.ts';
import { inputIds, viewIds } from '../ids.ts';
import { slackMessagesFor } from '../messages.ts';
import { plainText, section, sections, type Block } from './block-kit.ts';
import { blockLimits, escapeMrkdwn, truncate } from './text.ts';

/** What a modal carries back on submit (view.private_metadata, at most 3,000 characters). */
export interface ModalMetadata {
  language: Language;
  requestId?: string;
  /** Where the modal was opened from, to answer there (a channel and thread). */
  channel?: string;
  threadTs?: string;
}

function modal(
  callbackId: string,
  title: string,
  submit: string,
  close: string,
  blocks: Block[],
  metadata: ModalMetadata,
): Block {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: plainText(title, blockLimits.modalTitle),
    submit: plainText(submit, blockLimits.modalTitle),
    close: plainText(close, blockLimits.modalTitle),
    private_metadata: JSON.stringify(metadata),
    blocks,
  };
}

/**
 * The sharing request form, prefilled with the question when there is one. It offers each configured council by
 * name (one, several or all of the others, all ticked at first, and the requester's own): tick boxes, or a
 * multi-select when there are more councils than Slack allows boxes.
 */
export function shareModal(
  language: Language,
  prefill: string,
  metadata: Omit<ModalMetadata, 'language'>,
  own?: Council,
): Block {
  const messages = messagesFor(language);
  const slack = slackMessagesFor(language);
  const textInput: Block = {
    type: 'plain_text_input',
    action_id: inputIds.shareText.action,
    multiline: true,
    max_length: 3000,
  };
  if (prefill.trim()) textInput.initial_value = truncate(prefill.trim(), 3000);
  const form = shareTargetForm(own, language);
  const options = form.choices.map((choice) => ({
    text: plainText(choice.label, blockLimits.optionText),
    value: choice.council,
  }));
  const initial = options.filter((option) => form.selected.includes(option.value));
  const element: Block =
    options.length <= blockLimits.checkboxOptions
      ? { type: 'checkboxes', action_id: inputIds.shareTarget.action, options }
      : {
          type: 'multi_static_select',
          action_id: inputIds.shareTarget.action,
          placeholder: plainText(slack.shareTargetLabel, blockLimits.optionText),
          options: options.slice(0, blockLimits.selectOptions),
        };
  if (initial.length > 0) element.initial_options = initial;
  return modal(
    viewIds.share,
    slack.shareModalTitle,
    messages.sendRequest,
    messages.cancel,
    [
      {
        type: 'input',
        block_id: inputIds.shareText.block,
        label: plainText(slack.shareModalLabel, 2000),
        hint: plainText(slack.shareModalHint, 2000),
        element: textInput,
      },
      { type: 'input', block_id: inputIds.shareTarget.block, label: plainText(slack.shareTargetLabel, 2000), element },
    ],
    { language, ...metadata },
  );
}

/** The answer form for the person who claimed a request. */
export function answerModal(language: Language, request: SharingRequest): Block {
  const messages = messagesFor(language);
  const slack = slackMessagesFor(language);
  const consent = { text: plainText(slack.consentLabel), value: 'consent' };
  return modal(
    viewIds.answer,
    slack.answerModalTitle,
    messages.sendAnswer,
    messages.cancel,
    [
      section(`*#${request.id}* ${escapeMrkdwn(truncate(request.title, 300))}`),
      ...sections(escapeMrkdwn(truncate(request.detail, 2900))).slice(0, 1),
      {
        type: 'input',
        block_id: inputIds.answerText.block,
        label: plainText(slack.answerLabel),
        element: { type: 'plain_text_input', action_id: inputIds.answerText.action, multiline: true, max_length: 3000 },
      },
      {
        type: 'input',
        block_id: inputIds.answerConsent.block,
        optional: true,
        label: plainText(slack.consentTitle),
        element: {
          type: 'checkboxes',
          action_id: inputIds.answerConsent.action,
          options: [consent],
          initial_options: [consent],
        },
      },
    ],
    { language, requestId: request.id },
  );
}

/**
 * The skills the profile editor's text box shows, whole and in order, within its max_length, and the rest.
 * Slack refuses a view whose initial_value is longer than its max_length, so a very long list is split: the
 * skills left out are kept as they are when the form is saved (see `skillsAfterEdit`).
 */
export function skillsInEditor(
  skills: string[],
  maxLength: number = blockLimits.textInput,
): { shown: string[]; keptAside: string[] } {
  const shown: string[] = [];
  let length = 0;
  for (const [index, skill] of skills.entries()) {
    const added = (shown.length > 0 ? 2 : 0) + skill.length;
    if (length + added > maxLength) return { shown, keptAside: skills.slice(index) };
    shown.push(skill);
    length += added;
  }
  return { shown, keptAside: [] };
}

/** The skills to save from the editor: what the person typed, plus those the editor could not show. */
export function skillsAfterEdit(typed: string[], before: string[]): string[] {
  const { keptAside } = skillsInEditor(before);
  return [...new Set([...typed, ...keptAside])];
}

/** The profile editor: skills, Welsh level and visibility (the person's own profile only). */
export function profileModal(language: Language, person: PersonRecord): Block {
  const messages = messagesFor(language);
  const slack = slackMessagesFor(language);
  const levels = messages.welshLevels.map((name, level) => ({
    text: plainText(`${level} · ${name}`),
    value: String(level),
  }));
  const visibility = [
    { text: plainText(messages.yes), value: 'visible' },
    { text: plainText(messages.no), value: 'hidden' },
  ];
  const skills: Block = {
    type: 'plain_text_input',
    action_id: inputIds.profileSkills.action,
    max_length: blockLimits.textInput,
  };
  const { shown, keptAside } = skillsInEditor(person.skills);
  if (shown.length > 0) skills.initial_value = shown.join('; ');
  const hint =
    keptAside.length > 0 ? `${slack.skillsHint}. ${slack.skillsKeptAside(keptAside.length)}` : slack.skillsHint;
  return modal(
    viewIds.profile,
    slack.profileModalTitle,
    messages.save,
    messages.cancel,
    [
      {
        type: 'input',
        block_id: inputIds.profileSkills.block,
        optional: true,
        label: plainText(messages.skills),
        hint: plainText(hint, 2000),
        element: skills,
      },
      {
        type: 'input',
        block_id: inputIds.profileWelsh.block,
        label: plainText(messages.welshLevel),
        element: {
          type: 'static_select',
          action_id: inputIds.profileWelsh.action,
          options: levels,
          initial_option: levels[Math.min(Math.max(person.welshLevel, 0), 5)],
        },
      },
      {
        type: 'input',
        block_id: inputIds.profileVisible.block,
        label: plainText(messages.visibleInSearches),
        element: {
          type: 'radio_buttons',
          action_id: inputIds.profileVisible.action,
          options: visibility,
          initial_option: visibility[person.visible ? 0 : 1],
        },
      },
    ],
    { language },
  );
}
