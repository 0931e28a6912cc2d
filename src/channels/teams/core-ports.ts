import type { Assistant } from '../../core/assistant/index.ts';
import type { People } from '../../core/people/index.ts';
import type { Sharing } from '../../core/sharing/index.ts';

/**
 * What the Teams channel uses of the core: nothing else. The channel turns activities into calls on these
 * and renders what comes back.
 */
export interface TeamsCore {
  assistant: Pick<Assistant, 'handle' | 'feedback'>;
  people: Pick<People, 'findBySkill' | 'findByChannelUser' | 'getOwnProfile' | 'linkChannelUser' | 'updateProfile'>;
  sharing: Pick<Sharing, 'open' | 'get' | 'claim' | 'decline' | 'answer' | 'markHelpful' | 'close' | 'cancel'>;
}
