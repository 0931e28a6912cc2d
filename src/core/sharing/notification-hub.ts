import type { Logger } from '../../logger.ts';
import { UpstreamError } from '../../errors.ts';
import { describeNotification } from './messages.ts';
import type { Notification, NotificationHub, Notifier } from './types.ts';

/**
 * A notifier that fans out to every registered notifier. Each is tried even if another fails; failures are
 * logged with the notification's kind, request and recipient, then reported to the caller as one
 * UpstreamError so the sharing workflow records the delivery as failed instead of losing it.
 */
export function createNotificationHub(logger: Pick<Logger, 'warn' | 'error' | 'info'>): NotificationHub {
  const notifiers = new Map<number, { name: string; notifier: Notifier }>();
  let next = 0;

  return {
    add(notifier, name = `notifier-${next + 1}`) {
      const key = next;
      next += 1;
      notifiers.set(key, { name, notifier });
      return () => {
        notifiers.delete(key);
      };
    },
    names() {
      return [...notifiers.values()].map((entry) => entry.name);
    },
    async notify(notification: Notification) {
      const entries = [...notifiers.values()];
      if (entries.length === 0) {
        // NOTE: nobody to deliver to is itself a failure worth recording, not a silent success.
        throw new UpstreamError('No notifier is registered: start a chat channel or register the log notifier.');
      }
      const failures: string[] = [];
      await Promise.all(
        entries.map(async ({ name, notifier }) => {
          try {
            await notifier.notify(notification);
          } catch (error) {
            failures.push(`${name}: ${(error as Error)?.message ?? String(error)}`);
            logger.error(
              {
                err: error,
                notifier: name,
                kind: notification.kind,
                requestId: notification.request.id,
                recipient: notification.recipientEmail,
              },
              'A sharing notification could not be delivered',
            );
          }
        }),
      );
      if (failures.length > 0) throw new UpstreamError(`Notification not delivered by ${failures.join('; ')}`);
    },
  };
}

/** A notifier that writes each notification to the log: the CLI's default, and a record on every server. */
export function createLogNotifier(logger: Pick<Logger, 'info'>): Notifier {
  return {
    async notify(notification) {
      logger.info(
        {
          kind: notification.kind,
          requestId: notification.request.id,
          recipient: notification.recipientEmail,
          reasons: notification.reasons,
        },
        describeNotification(notification),
      );
    },
  };
}
