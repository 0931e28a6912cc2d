import { describe, expect, it } from 'vitest';
import {
  createLogNotifier,
  createNotificationHub,
  describeNotification,
  type Notification,
  type SharingRequest,
} from '../../../src/core/sharing/index.ts';
import { UpstreamError } from '../../../src/errors.ts';
import { createRecordingNotifier } from './fakes.ts';

const request: SharingRequest = {
  id: '7',
  requesterEmail: 'rhian@blaenau-gwent.gov.uk',
  requesterCouncil: 'blaenau-gwent',
  title: 'How do you run your waste rota?',
  detail: 'How do you run your waste rota?',
  topic: { services: ['waste'], skills: ['waste rota'] },
  targetCouncils: ['torfaen'],
  status: 'routed',
  routedTo: ['tom@torfaen.gov.uk'],
  claimedBy: null,
  answer: null,
  answeredBy: null,
  helpful: null,
  language: 'en',
  createdAt: '2026-03-02T10:00:00.000Z',
  updatedAt: '2026-03-02T10:00:00.000Z',
  actions: [],
};
const notification: Notification = {
  kind: 'request-routed',
  recipientEmail: 'tom@torfaen.gov.uk',
  request,
  reasons: ['skill: waste rota'],
};

function recordingLogger() {
  const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) =>
    void lines.push({ level, fields, message });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') } as unknown as {
    lines: typeof lines;
  } & Parameters<typeof createNotificationHub>[0];
}

describe('the notification hub', () => {
  it('delivers to every registered channel and stops when one is removed', async () => {
    const hub = createNotificationHub(recordingLogger());
    const slack = createRecordingNotifier();
    const teams = createRecordingNotifier();
    hub.add(slack, 'slack');
    const removeTeams = hub.add(teams, 'teams');
    expect(hub.names()).toEqual(['slack', 'teams']);
    await hub.notify(notification);
    removeTeams();
    await hub.notify(notification);
    expect(slack.sent).toHaveLength(2);
    expect(teams.sent).toHaveLength(1);
  });

  it('still delivers to the others when one channel fails, then reports and logs the failure', async () => {
    const logger = recordingLogger();
    const hub = createNotificationHub(logger);
    const teams = createRecordingNotifier();
    hub.add(
      {
        notify: async () => {
          throw new Error('Slack said ratelimited');
        },
      },
      'slack',
    );
    hub.add(teams, 'teams');
    const error = await hub.notify(notification).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as Error).message).toBe('Notification not delivered by slack: Slack said ratelimited');
    expect(teams.sent).toHaveLength(1);
    expect(logger.lines).toEqual([
      expect.objectContaining({
        level: 'error',
        fields: expect.objectContaining({ notifier: 'slack', requestId: '7', recipient: 'tom@torfaen.gov.uk' }),
      }),
    ]);
  });

  it('treats having nobody to deliver to as a failure, not a silent success', async () => {
    await expect(createNotificationHub(recordingLogger()).notify(notification)).rejects.toThrow(
      /No notifier is registered/,
    );
  });

  it('logs a notification in words, in the language of the request', async () => {
    const logger = recordingLogger();
    await createLogNotifier(logger).notify(notification);
    expect(logger.lines[0]!.message).toBe(
      'A colleague in Blaenau Gwent asks: #7 "How do you run your waste rota?". Can you help? Claim it to reply. (skill: waste rota)',
    );
    expect(
      describeNotification({ ...notification, request: { ...request, language: 'cy', requesterCouncil: 'torfaen' } }),
    ).toBe(
      'Mae cydweithiwr yn Nhorfaen yn gofyn: #7 "How do you run your waste rota?". Allwch chi helpu? Codwch y cais i ateb. (skill: waste rota)',
    );
  });
});
