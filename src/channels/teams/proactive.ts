import { CardFactory, MessageFactory, type ConversationReference } from 'botbuilder';
import { languageFromLocale } from '../../core/language/index.ts';
import type { Notification, Notifier } from '../../core/sharing/index.ts';
import type { Logger } from '../../logger.ts';
import { requestCard } from './cards/index.ts';
import { teamsMessages } from './messages.ts';
import { conversationReference } from './turn.ts';
import type { BotRegistration, BotRegistrations } from './registrations.ts';
import type { OutboxEntry, TeamsStore, TeamsUser } from './teams-store.ts';
import type { ServiceUrlTrust } from './trust.ts';

export interface ProactiveOptions {
  /** The bot registrations: a message goes out through the one of its recipient's tenant. */
  registrations: Pick<BotRegistrations, 'forTenant' | 'forReference'>;
  store: TeamsStore;
  /** Which service URLs signed traffic has proven: nothing is sent anywhere else. */
  trust: Pick<ServiceUrlTrust, 'trusted'>;
  logger: Logger;
  /** Attempts before a message is marked failed. */
  maxAttempts?: number;
  /** First wait after a failed attempt; doubles each time, up to an hour. */
  retryBaseMs?: number;
}

const botFrameworkAudience = 'https://api.botframework.com';
const leaseMs = 2 * 60_000;
const deliveryBudgetMs = 2_000;
const maxBackoffMs = 60 * 60_000;

/** What went wrong talking to the connector, as far as retrying is concerned. */
function classify(error: unknown): { retry: boolean; retryAfterMs: number | undefined; description: string } {
  const candidate = error as {
    statusCode?: number;
    status?: number;
    response?: { status?: number; headers?: { get?(name: string): string | undefined } };
    message?: string;
  };
  const status = candidate.statusCode ?? candidate.response?.status ?? candidate.status;
  const retryAfter = candidate.response?.headers?.get?.('retry-after');
  const seconds = retryAfter !== undefined ? Number(retryAfter) : Number.NaN;
  const retryAfterMs = Number.isFinite(seconds) ? seconds * 1000 : undefined;
  const description = `${status ? `HTTP ${status}: ` : ''}${candidate.message ?? String(error)}`.slice(0, 500);
  // NOTE: 429, 5xx and network failures pass; 4xx means the user removed the app or the chat is gone.
  const retry = status === undefined || status === 429 || status === 408 || status >= 500;
  return { retry, retryAfterMs, description };
}

/**
 * Sends sharing notifications as proactive 1:1 cards, and updates sent cards in place. Every notification
 * goes through the outbox table first: a connector error schedules a retry with backoff and is recorded on
 * the row; a person Pont cannot reach yet keeps their messages until they open a chat with the bot.
 */
export function createProactiveMessenger(options: ProactiveOptions) {
  const { registrations, store, trust, logger } = options;
  const maxAttempts = options.maxAttempts ?? 8;
  const retryBaseMs = options.retryBaseMs ?? 30_000;

  async function sendTo(
    registration: BotRegistration,
    user: TeamsUser,
    activity: ReturnType<typeof MessageFactory.attachment>,
  ): Promise<{ activityId: string | null; reference: Partial<ConversationReference> }> {
    const { adapter, appId: botAppId } = registration;
    let activityId: string | null = null;
    let reference: Partial<ConversationReference> | null = user.personalReference;
    // NOTE: errors inside a turn go to the adapter's error handler; they are caught here and rethrown so
    // the outbox sees them.
    let failure: unknown;
    if (reference) {
      await adapter.continueConversationAsync(botAppId, reference, async (context) => {
        try {
          activityId = (await context.sendActivity(activity))?.id ?? null;
        } catch (error) {
          failure = error;
        }
      });
      if (failure) throw failure;
      return { activityId, reference };
    }
    // NOTE: no 1:1 chat yet; Teams creates one for a user who has the app (installed for them by an admin).
    await adapter.createConversationAsync(
      botAppId,
      'msteams',
      user.serviceUrl,
      botAppId ? botFrameworkAudience : '',
      {
        isGroup: false,
        bot: { id: botAppId ? `28:${botAppId}` : 'pont', name: 'Pont' },
        members: [{ id: user.teamsUserId, name: '' }],
        tenantId: user.tenantId ?? undefined,
        channelData: user.tenantId ? { tenant: { id: user.tenantId } } : undefined,
        activity: undefined as never,
      },
      async (context) => {
        try {
          reference = conversationReference({
            ...context.activity,
            ...(user.tenantId ? { channelData: { tenant: { id: user.tenantId } } } : {}),
          });
          activityId = (await context.sendActivity(activity))?.id ?? null;
        } catch (error) {
          failure = error;
        }
      },
    );
    if (failure) throw failure;
    const created = reference as Partial<ConversationReference> | null;
    if (created) {
      await store.rememberUser({
        aadObjectId: user.aadObjectId,
        teamsUserId: user.teamsUserId,
        tenantId: user.tenantId,
        serviceUrl: user.serviceUrl,
        locale: null,
        personalReference: created,
      });
    }
    return { activityId, reference: created ?? {} };
  }

  async function deliver(entry: OutboxEntry, now: Date): Promise<void> {
    const attempts = entry.attempts + 1;
    const { notification } = entry;
    const user = await store.findByEmail(notification.recipientEmail);
    if (!user) {
      await store.markStopped(
        entry.id,
        'unreachable',
        entry.attempts,
        'no Teams user is known for this email yet; kept until they open a chat with Pont',
      );
      return;
    }
    // NOTE: an address signed Teams traffic never proved (e.g. kept from before that rule) is not used; the message
    // waits until the person writes to Pont through Teams, which proves their address again.
    const addresses = [user.serviceUrl, ...(user.personalReference ? [user.personalReference.serviceUrl] : [])];
    if (!(await Promise.all(addresses.map((address) => trust.trusted(address)))).every(Boolean)) {
      logger.warn(
        { outboxId: entry.id, serviceUrl: user.serviceUrl },
        'Teams: not sending to a service URL that signed Teams traffic has not proven',
      );
      await store.markStopped(
        entry.id,
        'unreachable',
        entry.attempts,
        'the Teams address on record was not proven by signed Teams traffic; kept until they write to Pont in Teams',
      );
      return;
    }
    // NOTE: the recipient's tenant decides the registration: a Blaenau Gwent officer is written to by the
    // Blaenau Gwent bot, whoever opened the request.
    const registration = user.personalReference
      ? registrations.forReference(user.personalReference, user.tenantId)
      : registrations.forTenant(user.tenantId);
    if (!registration) {
      logger.warn(
        { outboxId: entry.id, tenant: user.tenantId },
        "Teams: no bot registration serves the recipient's tenant",
      );
      await store.markStopped(
        entry.id,
        'failed',
        entry.attempts,
        `no bot registration serves tenant ${user.tenantId ?? '(unknown)'}: add one for that tenant (MICROSOFT_APP_<N>_TENANT_ID)`,
      );
      return;
    }
    const language = languageFromLocale(user.locale) ?? notification.request.language;
    const messages = teamsMessages(language);
    const card = requestCard(notification.request, language, {
      viewerEmail: notification.recipientEmail,
      notice: messages.notification[notification.kind],
      noticeStyle:
        notification.kind === 'request-answered' || notification.kind === 'request-claimed' ? 'good' : 'default',
      kind: notification.kind,
      reasons: notification.reasons,
    });
    try {
      const sent = await sendTo(registration, user, MessageFactory.attachment(CardFactory.adaptiveCard(card)));
      await store.markSent(entry.id, attempts, sent.activityId);
      const conversationId = sent.reference.conversation?.id;
      if (sent.activityId && conversationId) {
        await store.saveCard({
          conversationId,
          activityId: sent.activityId,
          requestId: notification.request.id,
          recipientEmail: notification.recipientEmail,
          reference: sent.reference,
        });
      }
    } catch (error) {
      const problem = classify(error);
      logger.warn(
        { err: error, outboxId: entry.id, attempts, recipient: notification.recipientEmail },
        'Teams proactive message failed',
      );
      if (!problem.retry) {
        await store.markStopped(entry.id, 'failed', attempts, problem.description);
      } else if (attempts >= maxAttempts) {
        await store.markStopped(
          entry.id,
          'failed',
          attempts,
          `gave up after ${attempts} attempts: ${problem.description}`,
        );
      } else {
        const backoff = Math.min(maxBackoffMs, retryBaseMs * 2 ** (attempts - 1));
        const wait = Math.max(backoff, problem.retryAfterMs ?? 0);
        await store.markRetry(entry.id, attempts, new Date(now.getTime() + wait), problem.description);
      }
    }
  }

  async function deliverDue(now: Date = new Date(), ids?: number[]): Promise<number> {
    const entries = await store.leaseDue(now, 50, leaseMs, ids);
    for (const entry of entries) await deliver(entry, now);
    return entries.length;
  }

  const notifier: Notifier = {
    async notify(notification: Notification) {
      const entry = await store.enqueue(notification);
      // NOTE: the message is safe in the outbox now. Wait a little for it to go out, but never hold up the
      // user's turn (Teams gives invokes 5 seconds) behind a slow connector: the delivery carries on.
      const delivery = deliverDue(new Date(), [entry.id]).catch((error: unknown) => {
        logger.error(
          { err: error, outboxId: entry.id },
          'Teams outbox delivery failed; the retry loop will pick it up',
        );
      });
      let timer: NodeJS.Timeout | undefined;
      const budget = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, deliveryBudgetMs);
        timer.unref();
      });
      await Promise.race([delivery, budget]);
      clearTimeout(timer);
    },
  };

  return {
    notifier,
    /** Sends every outbox message that is due; safe to run in several replicas at once. */
    deliverDue,
    /** Replaces a card Pont sent earlier (same activity id) with `card`. */
    async updateCard(
      reference: Partial<ConversationReference>,
      activityId: string,
      card: Record<string, unknown>,
    ): Promise<void> {
      if (!(await trust.trusted(reference.serviceUrl)))
        throw new Error(
          `not updating a card at ${reference.serviceUrl ?? 'no service URL'}: signed Teams traffic has not proven it`,
        );
      const registration = registrations.forReference(reference);
      if (!registration)
        throw new Error(
          `not updating a card in tenant ${(reference.conversation as { tenantId?: string } | undefined)?.tenantId ?? '(none)'}: no bot registration serves it`,
        );
      let failure: unknown;
      await registration.adapter.continueConversationAsync(registration.appId, reference, async (context) => {
        try {
          await context.updateActivity({
            ...MessageFactory.attachment(CardFactory.adaptiveCard(card)),
            id: activityId,
          });
        } catch (error) {
          failure = error;
        }
      });
      if (failure) throw failure;
    },
  };
}

export type ProactiveMessenger = ReturnType<typeof createProactiveMessenger>;
