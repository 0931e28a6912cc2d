import type express from 'express';
import type { Pont } from '../app.ts';
import type { Notifier } from '../core/sharing/index.ts';
import type { SlackChannel } from './slack/index.ts';
import type { TeamsChannel } from './teams/index.ts';
import { mountWeb } from './web/index.ts';

/**
 * What every chat channel is to the server: it adds its routes to the one HTTP app (`mount`), starts and stops
 * the work it runs beside it (a Socket Mode connection, a delivery loop), and brings sharing notifications to
 * its users (`notifier`, null when it brings none or is not running). The server and `main.ts` loop over the
 * channels; nothing outside a channel's folder knows what it does inside.
 */
export interface Channel {
  readonly name: 'slack' | 'teams' | 'web';
  /**
   * Loads the channel's code (and its platform's SDK) and adds its routes to the shared HTTP app; a channel that
   * connects out adds none. NOTE: the server calls this once its port is open, so the SDKs, which take most of a
   * start-up's time to load, do not delay /healthz; a channel the settings leave off is never loaded.
   */
  mount(app: express.Express): Promise<void>;
  /** Starts what runs beside serving; called once the port is open. */
  start(): Promise<void>;
  /** Stops it again; safe to call when `start` was not. */
  stop(): Promise<void>;
  /** Delivers sharing notifications to the channel's users; null until mounted or started, or when it has none. */
  readonly notifier: Notifier | null;
}

/** Slack, when configured: over HTTP on the shared app (signing secret), or connecting out (Socket Mode, SLACK_APP_TOKEN). */
function slackChannel(pont: Pont): Channel | null {
  const settings = pont.config.slack;
  if (!settings) return null;
  let slack: typeof import('./slack/index.ts') | undefined;
  // NOTE: the server registers the channel's notifier (see `mountChannels`), so the channel does not add it itself.
  const core = () => ({ ...slack!.slackCoreFrom(pont), notifications: undefined });
  let channel: SlackChannel | null = null;
  return {
    name: 'slack',
    async mount(app) {
      slack ??= await import('./slack/index.ts');
      if (!settings.appToken)
        channel = slack.createSlackChannel(core(), {
          ...(settings.botToken ? { botToken: settings.botToken } : {}),
          ...(settings.oauth ? { oauth: settings.oauth } : {}),
          signingSecret: settings.signingSecret,
          apiUrl: settings.apiUrl,
          expressApp: app,
        });
      app.locals.slack = channel;
    },
    async start() {
      if (!settings.appToken) return channel?.start();
      if (channel) return;
      slack ??= await import('./slack/index.ts');
      channel = slack.createSlackChannel(core(), {
        ...(settings.botToken ? { botToken: settings.botToken } : {}),
        appToken: settings.appToken,
        apiUrl: settings.apiUrl,
      });
      await channel.start();
      pont.logger.info('Slack is connected in Socket Mode');
    },
    async stop() {
      await channel?.stop();
    },
    get notifier() {
      return channel?.notifier ?? null;
    },
  };
}

/** Teams, unless its authentication is off: `POST /api/messages`, and the loop that retries proactive messages. */
function teamsChannel(pont: Pont): Channel | null {
  if (pont.config.teams.auth === 'off') return null;
  let channel: TeamsChannel | null = null;
  let stopDelivery: (() => void) | undefined;
  return {
    name: 'teams',
    async mount(app) {
      const teams = await import('./teams/index.ts');
      const warning = teams.teamsAuthWarning(pont.config);
      if (warning) pont.logger.warn(warning);
      channel = teams.mountTeams(app, pont);
      app.locals.teams = channel;
    },
    async start() {
      stopDelivery ??= channel?.startDeliveryLoop();
    },
    async stop() {
      stopDelivery?.();
      stopDelivery = undefined;
    },
    get notifier() {
      return channel?.notifier ?? null;
    },
  };
}

/** The chat page, the dashboard and their API. */
function webChannel(pont: Pont): Channel {
  return {
    name: 'web',
    async mount(app) {
      mountWeb(app, pont);
    },
    async start() {},
    async stop() {},
    notifier: null,
  };
}

/** The channels this Pont's settings turn on, in the order they are mounted. */
export function channelsFor(pont: Pont): Channel[] {
  return [teamsChannel(pont), slackChannel(pont), webChannel(pont)].filter(
    (channel): channel is Channel => channel !== null,
  );
}

/**
 * Mounts each channel on `app`, in order, and gives the notification hub one notifier per channel, which passes a
 * notification to the channel's own once it has one (Slack in Socket Mode has it only after `start`). The notifiers
 * are registered at once: a notification sent while a channel's code is still loading waits for it.
 */
export async function mountChannels(app: express.Express, pont: Pont, channels: Channel[]): Promise<void> {
  let mounted!: () => void;
  const allMounted = new Promise<void>((resolve) => (mounted = resolve));
  for (const channel of channels) {
    pont.notifications.add(
      {
        notify: async (notification) => {
          await allMounted;
          return channel.notifier?.notify(notification);
        },
      },
      channel.name,
    );
  }
  try {
    for (const channel of channels) await channel.mount(app);
  } finally {
    mounted();
  }
}
