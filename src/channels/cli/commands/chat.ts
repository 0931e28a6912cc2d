import type { Incoming, Reply } from '../../../core/assistant/index.ts';
import type { Messages as AssistantMessages } from '../../../core/assistant/index.ts';
import { ValidationError } from '../../../errors.ts';
import { optionsOf, parseOptions, print, type Command } from '../command.ts';

/**
 * `pont chat "MESSAGE" [--as EMAIL] [--locale cy-GB]`: sends one message through the assistant exactly as a
 * chat user would (the same router and replies as Slack, Teams and the web page) and prints the reply.
 * Without --as the message comes from someone who is not in the staff directory.
 */
export const chatCommand: Command = {
  name: 'chat',
  usage: 'chat "MESSAGE" [--as EMAIL] [--locale LOCALE]',
  summary: 'send one message to the assistant as a chat user and print its reply',
  options: {
    '--as': {
      type: 'string',
      value: 'EMAIL',
      description: 'who is writing (default: someone not in the staff directory)',
      missing: '--as needs an email, e.g. --as rhian.morgan@torfaen.gov.uk',
    },
    '--locale': {
      type: 'string',
      value: 'LOCALE',
      description: "the writer's locale, as a chat platform sends it: cy-GB, en-GB",
      missing: '--locale needs a locale, e.g. --locale cy-GB',
    },
  },
  async run(args, context) {
    const { words, values } = parseOptions(args, optionsOf(chatCommand), 'pont chat');
    const asOption = values.get('--as');
    const localeOption = values.get('--locale');
    if (asOption?.startsWith('-')) throw new ValidationError(chatCommand.options['--as']!.missing!);
    if (localeOption?.startsWith('-')) throw new ValidationError(chatCommand.options['--locale']!.missing!);
    const email = asOption === undefined ? null : asOption.trim().toLowerCase();
    const locale = localeOption ?? null;
    const text = words.join(' ').trim();
    if (text === '')
      throw new ValidationError('give a message, e.g. pont chat "who knows GIS?" --as you@torfaen.gov.uk');
    if (email !== null && !/^[^\s@]+@[^\s@]+$/.test(email))
      throw new ValidationError(`--as ${email} is not an email address`);

    const pont = await context.pont();
    const { isAdmin } = await import('../../../core/councils/index.ts');
    const incoming: Incoming = {
      channel: 'cli',
      channelUserId: email,
      person: null,
      email,
      isAdmin: isAdmin(email),
      text,
      locale,
    };
    const reply = await pont.assistant.handle(incoming);
    if (reply.kind === 'error') throw new ValidationError(reply.text.split('\n')[0]!);
    const { messagesFor } = await import('../../../core/assistant/index.ts');
    print(context, reply, () => renderReply(reply, messagesFor(reply.language), email));
  },
};

/** A reply as terminal text: the same content a chat channel shows, without buttons. */
export function renderReply(reply: Reply, text: AssistantMessages, email: string | null = null): string {
  switch (reply.kind) {
    case 'answer': {
      const lines = [reply.answer.answer];
      if (reply.answer.note) lines.push(reply.answer.note);
      // NOTE: a quoted answer already shows each quote with its source; a written answer's sources are listed.
      const shown = !reply.answer.model && reply.answer.citations.every((c) => reply.answer.answer.includes(c.quote));
      if (reply.answer.citations.length > 0 && !shown) {
        lines.push('', `${text.sources}:`);
        reply.answer.citations.forEach((citation, index) => {
          lines.push(`  [${index + 1}] ${citation.title} (${citation.source})`);
          if (!reply.answer.answer.includes(citation.quote)) lines.push(`      "${citation.quote}"`);
        });
      }
      if (!reply.answer.answered && reply.offerAskAPerson)
        lines.push('', text.askAPersonHint, `  pont chat "share: ${reply.question}"${email ? ` --as ${email}` : ''}`);
      return lines.join('\n');
    }
    case 'people': {
      const lines = [`${reply.heading}:`];
      for (const person of reply.people) {
        lines.push(`  • ${person.name}, ${person.jobTitle} (${text.councilName(person.council)}) <${person.email}>`);
        if (person.reasons.length > 0) lines.push(`      ${text.whyMatched}: ${person.reasons.join('; ')}`);
      }
      if (reply.note) lines.push(reply.note);
      return lines.join('\n');
    }
    case 'request':
      return [
        reply.text,
        `  ${reply.request.id}: ${reply.request.title} [${text.requestStatus[reply.request.status]}]`,
      ].join('\n');
    case 'requests': {
      const lines = [`${reply.heading}:`];
      for (const request of reply.requests)
        lines.push(`  • ${request.id}: ${request.title} [${text.requestStatus[request.status]}]`);
      if (reply.note) lines.push(reply.note);
      return lines.join('\n');
    }
    case 'confirm-share':
      return [reply.text, `  pont chat "share: ${reply.request}"${email ? ` --as ${email}` : ''}`].join('\n');
    case 'profile':
    case 'text':
    case 'error':
      return reply.text;
  }
}
