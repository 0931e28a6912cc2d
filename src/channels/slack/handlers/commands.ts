import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import type { Reply } from '../../../core/assistant/types.ts';
import { chunkBlocks, type Block } from '../blocks/block-kit.ts';
import { shareModal } from '../blocks/modals.ts';
import { renderReply, shareInChannelBlock } from '../blocks/reply-blocks.ts';
import { slashCommands } from '../ids.ts';
import { translateMentions } from '../mentions.ts';
import { slackMessagesFor } from '../messages.ts';
import { toUpstreamError } from '../slack-errors.ts';
import { guard, incomingFrom, isDuplicate, languageFor, type HandlerContext } from './context.ts';

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

async function respondInPieces(respond: RespondFn, text: string, blocks: Block[]): Promise<void> {
  for (const piece of chunkBlocks(blocks)) {
    await respond({ response_type: 'ephemeral', replace_original: false, text, blocks: piece as never });
  }
}

async function runCommand(context: HandlerContext, command: SlashCommand, respond: RespondFn): Promise<void> {
  const { core, identity, store, requests, web } = context;
  if (await isDuplicate(context, `command:${command.trigger_id}`)) return;
  const name = command.command as (typeof slashCommands)[number];
  const argument = command.text.trim();
  let language = languageFor(null, argument);

  await guard(
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
          await web.views.open({ trigger_id: command.trigger_id, view: shareModal(language, '', { channel: command.channel_id }) as never });
        } catch (error) {
          throw toUpstreamError('views.open', error);
        }
        return;
      }

      const word = commandWords[name] ?? '';
      const translated = await translateMentions(argument, identity);
      const text = word ? `${word} ${translated}`.trim() : translated || 'help';
      const reply = await core.assistant.handle(incomingFrom(user, text, `slack:command:${command.trigger_id}`, command.channel_id));

      if (reply.kind === 'request' && user.email) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: `${reply.text}\n${slackMessagesFor(reply.language).followInDirectMessages}` });
        // The requester's copy lives in the DM with Pont, where it can be updated in place at every step.
        await requests.post(reply.request, { role: 'requester', email: user.email, language: reply.language }, command.user_id);
        return;
      }

      const rendered = renderReply(reply);
      if (shareable.has(reply.kind)) {
        const lookupId = await store.saveLookup({ userId: command.user_id, text: rendered.text, blocks: rendered.blocks });
        // NOTE: the reply is rendered once; the button is the only difference between the stored and sent copy.
        await respondInPieces(respond, rendered.text, [...rendered.blocks, shareInChannelBlock(reply.language, lookupId)]);
        return;
      }
      await respondInPieces(respond, rendered.text, rendered.blocks);
    },
  );
}

/** The commands the listener takes: exactly `slashCommands`, which the manifest declares. */
export const slashCommandPattern = new RegExp(`^(${slashCommands.map((name) => name.replace('/', '\\/')).join('|')})$`);

/**
 * /skills, /counterpart, /share, /ask and /pont (help, profile, or any question). Each is acknowledged at
 * once (Slack allows 3 seconds) and answered privately through response_url.
 */
export function registerCommands(app: App, context: HandlerContext): void {
  // NOTE: one listener for every command (Bolt runs each listener's filters for every delivery).
  app.command(slashCommandPattern, async ({ command, ack, respond }) => {
    await ack();
    // NOTE: /share with no text opens a modal, whose trigger_id expires in 3 seconds: it does not wait in line.
    if (command.command === '/share' && !command.text.trim()) await runCommand(context, command, respond);
    else await context.work.run(() => runCommand(context, command, respond));
  });
}
