import type { App, ViewOutput } from '@slack/bolt';
import { messagesFor } from '../../../core/assistant/index.ts';
import type { Language } from '../../../core/language/index.ts';
import { noTargetChosen, targetFromChoices } from '../../../core/sharing/index.ts';
import { ValidationError } from '../../../errors.ts';
import { sections } from '../blocks/block-kit.ts';
import { skillsAfterEdit, type ModalMetadata } from '../blocks/modals.ts';
import { escapeMrkdwn } from '../blocks/text.ts';
import { inputIds, viewIds } from '../ids.ts';
import { slackMessagesFor } from '../messages.ts';
import { actorFor, guard, isDuplicate, languageFor, postMessage, type HandlerContext } from './context.ts';
import { publishHome } from './home.ts';

type StateValues = ViewOutput['state']['values'];

function metadataOf(view: ViewOutput): ModalMetadata {
  try {
    const parsed = JSON.parse(view.private_metadata || '{}') as Partial<ModalMetadata>;
    return {
      language: parsed.language === 'cy' ? 'cy' : 'en',
      requestId: typeof parsed.requestId === 'string' ? parsed.requestId : undefined,
      channel: typeof parsed.channel === 'string' ? parsed.channel : undefined,
      threadTs: typeof parsed.threadTs === 'string' ? parsed.threadTs : undefined,
    };
  } catch {
    // NOTE: metadata is Pont's own; unreadable metadata means an old modal, answered in English.
    return { language: 'en' };
  }
}

function textValue(values: StateValues, ids: { block: string; action: string }): string {
  return (values[ids.block]?.[ids.action]?.value ?? '').trim();
}

function selectedValue(values: StateValues, ids: { block: string; action: string }): string | undefined {
  return values[ids.block]?.[ids.action]?.selected_option?.value ?? undefined;
}

/** The values chosen in a tick-box group or multi-select, or in a single choice (a form opened by an older version). */
function chosenValues(values: StateValues, ids: { block: string; action: string }): string[] {
  const state = values[ids.block]?.[ids.action];
  if (!state) return [];
  if (state.selected_options) return state.selected_options.map((option) => option.value);
  return state.selected_option?.value ? [state.selected_option.value] : [];
}

/** Splits "GIS; mapping, data" into skills. */
function parseSkills(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[;,\n]/)
        .map((skill) => skill.trim())
        .filter(Boolean),
    ),
  ];
}

/** The three modals' submissions: a sharing request, an answer, a profile edit. */
export function registerViews(app: App, context: HandlerContext): void {
  const { core, identity, requests, web } = context;

  /**
   * What every submitted modal does once Slack has its acknowledgement: a submission Slack sent again is skipped, and
   * a failure of `work` is told to the person in a DM, in the language `work` settled on (the modal's until then).
   */
  async function afterSubmit(
    view: ViewOutput,
    userId: string,
    viewId: string,
    language: Language,
    work: (settle: (language: Language) => Language) => Promise<void>,
  ): Promise<void> {
    if (await isDuplicate(context, `view:${view.id}:${view.hash ?? ''}`)) return;
    let current = language;
    await guard(
      context,
      { view: viewId, userId },
      () => current,
      (message) => web.chat.postMessage({ channel: userId, text: message }),
      () => work((settled) => (current = settled)),
    );
  }

  app.view(viewIds.share, async ({ ack, body, view }) => {
    const metadata = metadataOf(view);
    const text = textValue(view.state.values, inputIds.shareText);
    if (!text) {
      await ack({
        response_action: 'errors',
        errors: { [inputIds.shareText.block]: messagesFor(metadata.language).whatToShare },
      });
      return;
    }
    // NOTE: a form without the councils block (built before they were offered) goes to the other councils.
    const target = view.state.values[inputIds.shareTarget.block]
      ? targetFromChoices(chosenValues(view.state.values, inputIds.shareTarget))
      : 'other';
    if (!target) {
      await ack({
        response_action: 'errors',
        errors: { [inputIds.shareTarget.block]: noTargetChosen[metadata.language] },
      });
      return;
    }
    await ack();
    await afterSubmit(view, body.user.id, viewIds.share, metadata.language, async (settle) => {
      const user = await identity.resolve(body.user.id);
      const language = settle(languageFor(user, text));
      if (!user.email || !user.person) throw new ValidationError(messagesFor(language).notInDirectory);
      // NOTE: the view id makes the request idempotent: a resubmitted modal never opens a second request.
      const request = await core.sharing.open({
        text,
        fromEmail: user.email,
        target,
        clientKey: `slack:view:${view.id}`,
        language,
      });
      const lead = sections(
        escapeMrkdwn(messagesFor(language).requestOpened(request.routedTo.length, request.targetCouncils)),
      );
      const where =
        metadata.channel && metadata.threadTs
          ? { channel: metadata.channel, threadTs: metadata.threadTs }
          : { channel: body.user.id };
      await requests
        .post(request, { role: 'requester', email: user.email, language }, where.channel, {
          threadTs: where.threadTs,
          lead,
        })
        .catch(async (error: unknown) => {
          // The thread may be in a channel Pont has left: fall back to the DM.
          context.logger.warn(
            { err: error, requestId: request.id },
            'Could not post the request in its thread; posting in the DM',
          );
          await requests.post(request, { role: 'requester', email: user.email!, language }, body.user.id, { lead });
        });
    });
  });

  app.view(viewIds.answer, async ({ ack, body, view }) => {
    const metadata = metadataOf(view);
    const text = textValue(view.state.values, inputIds.answerText);
    if (!text) {
      await ack({
        response_action: 'errors',
        errors: { [inputIds.answerText.block]: slackMessagesFor(metadata.language).answerLabel },
      });
      return;
    }
    await ack();
    await afterSubmit(view, body.user.id, viewIds.answer, metadata.language, async (settle) => {
      const user = await identity.resolve(body.user.id);
      const language = settle(languageFor(user));
      const consent = (
        view.state.values[inputIds.answerConsent.block]?.[inputIds.answerConsent.action]?.selected_options ?? []
      ).some((option) => option.value === 'consent');
      const request = await core.sharing.answer(String(metadata.requestId), text, actorFor(user), {
        consentToShare: consent,
      });
      await requests.refresh(request.id);
      const thanks = slackMessagesFor(language).answerSent;
      await postMessage(web, body.user.id, { text: thanks, blocks: sections(thanks) });
    });
  });

  app.view(viewIds.profile, async ({ ack, body, view }) => {
    await ack();
    const metadata = metadataOf(view);
    await afterSubmit(view, body.user.id, viewIds.profile, metadata.language, async (settle) => {
      const user = await identity.resolve(body.user.id);
      const language = settle(languageFor(user));
      if (!user.email || !user.person) throw new ValidationError(messagesFor(language).notInDirectory);
      const values = view.state.values;
      const level = Number(selectedValue(values, inputIds.profileWelsh) ?? user.person.welshLevel);
      const visible =
        (selectedValue(values, inputIds.profileVisible) ?? (user.person.visible ? 'visible' : 'hidden')) === 'visible';
      // NOTE: skills too many for the editor's box were not shown in it, so they are kept rather than dropped.
      const skills = skillsAfterEdit(parseSkills(textValue(values, inputIds.profileSkills)), user.person.skills);
      await core.people.updateProfile(user.email, { skills, welshLevel: level, visible }, actorFor(user));
      identity.forget(body.user.id);
      await publishHome(context, body.user.id);
    });
  });
}
