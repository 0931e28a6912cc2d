import type { App, SlashCommand } from '@slack/bolt';
import type { Reply } from '../../../core/assistant/index.ts';
import type { InboxAttempt } from '../../../inbox/index.ts';
import { chunkBlocks, type Block } from '../blocks/block-kit.ts';
import { shareModal } from '../blocks/modals.ts';
import { renderReply, shareInChannelBlock } from '../blocks/reply-blocks.ts';
import { slashCommands } from '../ids.ts';
import { translateMentions } from '../mentions.ts';
import { slackMessagesFor } from '../messages.ts';
import { toUpstreamError } from '../slack-errors.ts';
import {
  giveUpText,
  guard,
  guardWork,
  incomingFrom,
  isDuplicate,
  languageFor,
  type HandlerContext,
} from './context.ts';

/** The command word the core's router understands for each slash command. */
const commandWords: Record<(typeof slashCommands)[number], string> = {
  '/skills': 'skills',
  '/counterpart': 'counterpart',
  '/share': 'share',
  '/ask': 'ask',
  '/pont': '',
};

/** Replies a user may choose to share in the channel. */
const shareable = new Set<Reply['kind']>(['people', 'answer']);

/** The inbox kind of a slash command to answer. */
export const commandWork = 'slack.command';

/** Posts to a command's response_url (Slack allows it for 30 minutes), from whichever replica does the work. */
type Respond = (message: Record<string, unknown>) => Promise<void>;

function responderFor(responseUrl: string): Respond {
  return async (message) => {
    let response: Response;
    try {
      response = await fetch(responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(message),
      });
    } catch (error) {
      throw toUpstreamError('response_url', error);
    }
    if (!response.ok)
      throw toUpstreamError(
        'response_url',
        new Error(`HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`),
      );
  };
}

async function respondInPieces(respond: Respond, text: string, blocks: Block[]): Promise<void> {
  for (const piece of chunkBlocks(blocks)) {
    await respond({ response_type: 'ephemeral', replace_original: false, text, blocks: piece as never });
  }
}

/** The progress note saying the person was told, through response_url, that their request was opened. */
const toldNote = 'told';

async function runCommand(
  context: HandlerContext,
  command: SlashCommand,
  respond: Respond,
  work?: InboxAttempt,
): Promise<void> {
  const { core, identity, store, requests, web } = context;
  const name = command.command as (typeof slashCommands)[number];
  const argument = command.text.trim();
  let language = languageFor(null, argument);

  // NOTE: /share with no text runs during the delivery (its modal's trigger_id expires in 3 seconds): a failure is told at once.
  const boundary = name === '/share' && !argument ? guard : guardWork;
  await boundary(
    context,
    { command: name, userId: command.user_id },
    () => language,
    (text) => respond({ response_type: 'ephemeral', replace_original: false, text }),
    async () => {
      const user = await identity.resolve(command.user_id);
      language = languageFor(user, argument);

      if (name === '/share' && !argument) {
        // NOTE: a trigger_id is valid for 3 seconds: open the modal before anything slower.
        try {
          await web.views.open({
            trigger_id: command.trigger_id,
            view: shareModal(language, '', { channel: command.channel_id }, user.person?.council) as never,
          });
        } catch (error) {
          throw toUpstreamError('views.open', error);
        }
        return;
      }

      const word = commandWords[name] ?? '';
      const translated = await translateMentions(argument, identity);
      const text = word ? `${word} ${translated}`.trim() : translated || 'help';
      const reply = await core.assistant.handle(
        incomingFrom(user, text, `slack:command:${command.trigger_id}`, command.channel_id),
      );

      if (reply.kind === 'request' && user.email) {
        // NOTE: the request is opened once whatever the attempt (its client key is the trigger's); what an earlier
        // attempt already showed (noted, or the copy remembered with the request) is not shown again.
        if (work?.progress[toldNote] !== true) {
          await respond({
            response_type: 'ephemeral',
            replace_original: false,
            text: `${reply.text}\n${slackMessagesFor(reply.language).followInDirectMessages}`,
          });
          await work?.note({ [toldNote]: true });
        }
        const posted = (await store.requestMessages(reply.request.id)).some((message) => message.role === 'requester');
        // The requester's copy lives in the DM with Pont, where it can be updated in place at every step.
        if (!posted)
          await requests.post(
            reply.request,
            { role: 'requester', email: user.email, language: reply.language },
            command.user_id,
          );
        return;
      }

      const rendered = renderReply(reply);
      if (shareable.has(reply.kind)) {
        const lookupId = await store.saveLookup({
          userId: command.user_id,
          text: rendered.text,
          blocks: rendered.blocks,
        });
        // NOTE: the reply is rendered once; the button is the only difference between the stored and sent copy.
        await respondInPieces(respond, rendered.text, [
          ...rendered.blocks,
          shareInChannelBlock(reply.language, lookupId),
        ]);
        return;
      }
      await respondInPieces(respond, rendered.text, rendered.blocks);
    },
  );
}

/** The commands the listener takes: exactly `slashCommands`, which the manifest declares. */
export const slashCommandPattern = new RegExp(`^(${slashCommands.map((name) => name.replace('/', '\\/')).join('|')})$`);

/**
 * /skills, /counterpart, /share, /ask and /pont (help, profile, or any question). Each is recorded in the
 * inbox, then acknowledged (Slack allows 3 seconds), and answered privately through response_url by whichever
 * replica takes the work. A retried delivery (same trigger_id) is the same work.
 */
export function registerCommands(app: App, context: HandlerContext): void {
  context.inbox.handle<SlashCommand>(commandWork, {
    run: (command, work) => runCommand(context, command, responderFor(command.response_url), work),
    async giveUp(command) {
      const text = await giveUpText(context, command.user_id, command.text);
      await responderFor(command.response_url)({ response_type: 'ephemeral', replace_original: false, text });
    },
  });
  // NOTE: one listener for every command (Bolt runs each listener's filters for every delivery).
  app.command(slashCommandPattern, async ({ command, ack, respond }) => {
    // NOTE: /share with no text opens a modal, whose trigger_id expires in 3 seconds: it does not wait in line.
    if (command.command === '/share' && !command.text.trim()) {
      await ack();
      if (await isDuplicate(context, `command:${command.trigger_id}`)) return;
      await runCommand(context, command, (message) => respond(message as never).then(() => undefined));
      return;
    }
    // NOTE: recorded before the acknowledgement: if this throws, Slack gets an error instead of a 200 and the person sees it.
    await context.inbox.add(commandWork, `slack:command:${command.trigger_id}`, command);
    await ack();
  });
}
