import type { Assistant } from '../../core/assistant/index.ts';
import type { People } from '../../core/people/index.ts';
import type { NotificationHub, Sharing } from '../../core/sharing/index.ts';
import type { Database } from '../../store/index.ts';
import type { Logger } from '../../logger.ts';
import type { Inbox } from '../../inbox/index.ts';

/**
 * What the Slack channel uses of Pont, and nothing else. The channel turns Slack payloads into calls on these
 * and renders what comes back as Block Kit.
 */
export interface SlackCore {
  db: Database;
  logger: Logger;
  assistant: Pick<Assistant, 'handle' | 'feedback'>;
  people: Pick<People, 'getOwnProfile' | 'findByChannelUser' | 'linkChannelUser' | 'updateProfile'>;
  sharing: Pick<Sharing, 'open' | 'get' | 'list' | 'claim' | 'decline' | 'answer' | 'markHelpful' | 'close' | 'cancel'>;
  /** Where sharing notifications fan out; the Slack notifier registers itself here when present. */
  notifications?: Pick<NotificationHub, 'add'>;
  /** Where deliveries are recorded before their acknowledgement and worked on afterwards. */
  inbox: Pick<Inbox, 'add' | 'arrived' | 'handle'>;
  /** Emails of administrators (PONT_ADMINS). */
  admins: string[];
}
