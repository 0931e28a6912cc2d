import type { SharingContext } from './context.ts';
import type { DeliveryResult, PendingNotification, StoredRequest } from './request-store.ts';
import { viewFor, type Visibility } from './visibility.ts';

/** Sends the notifications of one request to their recipients. */
export type Deliver = (request: StoredRequest, pending: PendingNotification[], isVisible?: Visibility) => Promise<void>;

/**
 * Delivers notifications, recording each outcome as soon as it is known: a process killed halfway through
 * a batch leaves only the notification in flight to be sent again, never the ones already delivered.
 */
export function createDelivery({ store, notifier, logger, clock, visibility }: SharingContext): Deliver {
  return async (request, pending, isVisible = visibility()) => {
    for (const notification of pending) {
      let result: DeliveryResult;
      try {
        // NOTE: each recipient gets the request as they may see it: people whose profile is hidden are left out.
        const view = await viewFor(request, { viewer: notification.recipientEmail }, isVisible);
        await notifier.notify({
          kind: notification.kind,
          recipientEmail: notification.recipientEmail,
          request: view,
          reasons: notification.reasons,
        });
        result = { id: notification.id, error: null };
      } catch (error) {
        const message = (error as Error)?.message ?? String(error);
        logger.error(
          { err: error, requestId: request.id, kind: notification.kind, recipient: notification.recipientEmail },
          'Sharing notification failed; recorded as failed',
        );
        result = { id: notification.id, error: message };
      }
      await store.finishNotifications([result], clock());
    }
  };
}
