import type { SlackIdentity } from './identity.ts';

const mentionPattern = /<@([UW][A-Z0-9]+)(?:\|([^>]*))?>/g;

/**
 * Replaces Slack user mentions (`<@U123>` or `<@U123|name>`, as escaped commands and messages carry them)
 * with the person's email, which the core understands ("/counterpart @Karen" → "counterpart karen@…").
 * A leading mention of Pont itself is dropped. Only a visible directory profile's email is written in: the
 * text may go on to a language model, and a hidden (or unknown) person keeps their display name or mention.
 */
export async function translateMentions(text: string, identity: SlackIdentity, botUserId?: string): Promise<string> {
  const withoutBot = botUserId ? text.replace(new RegExp(`^\\s*<@${botUserId}(?:\\|[^>]*)?>[\\s,:]*`), '') : text;
  const ids = [...new Set([...withoutBot.matchAll(mentionPattern)].map((match) => match[1]!))];
  if (ids.length === 0) return withoutBot;
  const emails = new Map<string, string | null>();
  await Promise.all(
    ids.map(async (id) => {
      const user = await identity.resolve(id).catch(() => null);
      emails.set(id, user?.person?.visible ? user.person.email : null);
    }),
  );
  return withoutBot.replace(
    mentionPattern,
    (whole, id: string, name: string | undefined) => emails.get(id) ?? name ?? whole,
  );
}
