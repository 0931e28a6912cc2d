import type { FakeSlackUser } from './fake-slack-api.ts';
import { eventPayload, type SlackHarness } from '../channels/slack/harness.ts';

/**
 * Pont installed through Slack's OAuth flow, with no bot token: the app's settings, the councils' two workspaces,
 * the install as a browser runs it, and an Events API delivery to one installation.
 */
export const torfaenTeam = 'T0TORFAEN1';
export const blaenauTeam = 'T0BLAENAU1';
export const oauthApp = { clientId: '1111.2222', clientSecret: 'client-secret-of-pont-in-tests' };
export const oauthEnvironment = {
  SLACK_BOT_TOKEN: '',
  SLACK_CLIENT_ID: oauthApp.clientId,
  SLACK_CLIENT_SECRET: oauthApp.clientSecret,
  SLACK_STATE_SECRET: 'a-state-secret-of-at-least-thirty-two-chars',
};

/** Adds Torfaen's and Blaenau Gwent's workspaces and `people` to the fake Slack, and lets Pont's app install there. */
export function addCouncilWorkspaces(harness: SlackHarness, people: FakeSlackUser[]): void {
  harness.slack.addWorkspace({ id: torfaenTeam, name: 'Torfaen' });
  harness.slack.addWorkspace({ id: blaenauTeam, name: 'Blaenau Gwent' });
  for (const person of people) harness.slack.addUser(person);
  harness.slack.setOAuthApp({ ...oauthApp, redirectUri: `${harness.url}/slack/oauth_redirect` });
}

/** Runs the install as a browser does: Pont's install link, Slack's approval page (for `where`), Slack's redirect back. */
export async function installThroughSlack(
  harness: SlackHarness,
  query: string,
  where: Record<string, string>,
): Promise<{ status: number; text: string }> {
  const start = await fetch(`${harness.url}/slack/install${query}`, { redirect: 'manual' });
  if (start.status !== 302) return { status: start.status, text: await start.text() };
  const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
  const approval = new URL(start.headers.get('location')!);
  for (const [name, value] of Object.entries(where)) approval.searchParams.set(name, value);
  const approved = await fetch(approval, { redirect: 'manual' });
  const back = await fetch(approved.headers.get('location')!, { headers: { cookie }, redirect: 'manual' });
  return { status: back.status, text: await back.text() };
}

/** An Events API delivery as Slack sends it to the installation of `team` (in `enterprise`, if any). */
export function workspaceDelivery(
  name: string,
  team: string,
  event: Record<string, unknown>,
  enterprise?: string,
): ReturnType<typeof eventPayload> {
  const payload = eventPayload(name, { team, ...event });
  payload.team_id = team;
  payload.enterprise_id = enterprise ?? '';
  payload.authorizations = [
    {
      enterprise_id: enterprise ?? null,
      team_id: enterprise ? null : team,
      user_id: 'UPONTBOT',
      is_bot: true,
      is_enterprise_install: Boolean(enterprise),
    },
  ];
  return payload;
}
