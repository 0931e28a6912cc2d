import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { createPont, type Pont } from '../../../src/app.ts';
import type { TeamsChannel, TeamsCore } from '../../../src/channels/teams/index.ts';
import { createHttpApp, listen } from '../../../src/server.ts';
import type { Logger } from '../../../src/logger.ts';
import type { Database } from '../../../src/store/index.ts';
import { testConfig } from '../../support/config.ts';
import { deliverActivity, startFakeConnector, type FakeConnector } from '../../support/fake-connector.ts';

const fixturesDir = path.resolve('test/fixtures/teams');

/** A recorded-shape Teams activity from test/fixtures/teams, pointed at `serviceUrl`, with `changes` merged in. */
export function fixture(
  name: string,
  serviceUrl: string,
  changes: Record<string, unknown> = {},
): Record<string, unknown> {
  const activity = JSON.parse(fs.readFileSync(path.join(fixturesDir, `${name}.json`), 'utf8')) as Record<
    string,
    unknown
  >;
  return { ...activity, serviceUrl, ...changes };
}

export interface TeamsHarness {
  pont: Pont;
  teams: TeamsChannel;
  connector: FakeConnector;
  url: string;
  /** Delivers an activity to /api/messages as Teams does (5 s for an invoke, 15 s for a turn); the status and parsed body. */
  post(activity: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

/** The real HTTP app (createHttpApp) with Teams mounted over `core`, listening on 127.0.0.1, plus a fake connector. */
/** The time each fake connector call takes in channel tests. */
export const defaultConnectorLatencyMs = 10;

export async function startTeamsHarness(
  db: Database,
  core: TeamsCore,
  environment: Record<string, string> = {},
  options: { latencyMs?: number; logger?: Logger } = {},
): Promise<TeamsHarness> {
  // NOTE: every connector call takes a little time, so work done in the wrong order shows in ordinary tests too.
  const connector = await startFakeConnector({ latencyMs: options.latencyMs ?? defaultConnectorLatencyMs });
  const base = await createPont(testConfig(environment), { db, ...(options.logger ? { logger: options.logger } : {}) });
  const pont = Object.assign(base, core) as Pont;
  const app = await createHttpApp(pont);
  const teams = app.locals.teams as TeamsChannel | null;
  if (!teams) throw new Error('Teams was not mounted');
  const server: http.Server = await listen(app, 0, '127.0.0.1');
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    pont,
    teams,
    connector,
    url,
    async post(activity, headers = {}) {
      const { status, body } = await deliverActivity(url, activity, headers);
      return { status, body };
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await connector.close();
    },
  };
}
