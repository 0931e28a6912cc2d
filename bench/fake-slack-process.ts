/**
 * The fake Slack Web API in its own process, so the bench measures the app under test and not the fake.
 * Prints one JSON line `{ apiUrl, origin }` on stdout, then serves until killed. Users come as JSON in argv[2].
 */
import { startFakeSlackApi, type FakeSlackUser } from '../test/support/fake-slack-api.ts';

const users = JSON.parse(process.argv[2] ?? '[]') as FakeSlackUser[];
const slack = await startFakeSlackApi();
for (const user of users) slack.addUser(user);
process.stdout.write(`${JSON.stringify({ apiUrl: slack.apiUrl, origin: slack.origin })}\n`);
process.once('SIGTERM', () => {
  void slack.close().then(() => process.exit(0));
});
