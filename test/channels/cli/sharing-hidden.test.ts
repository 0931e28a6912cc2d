import { beforeAll, describe, expect, it } from 'vitest';
import { useCliFolder } from '../../support/cli.ts';

// NOTE: the folder's database is opened once for the file; each command still runs through the CLI's entry point.
const cli = useCliFolder('pont-cli-sharing-hidden-');
const pont = cli.pont;

const requester = 'matthew.jones@blaenau-gwent.gov.uk';

beforeAll(async () => {
  expect((await pont('people', 'import', 'examples/staff-directory.csv', '--json')).status).toBe(0);
});

describe('pont requests after someone involved hides or erases their profile', () => {
  it('stops showing the person who answered, and someone else it was routed to, to everyone but themselves', async () => {
    const shared = await pont(
      'share',
      'How do you run your waste collection rota over bank holidays?',
      '--from',
      requester,
      '--json',
    );
    expect(shared.status).toBe(0);
    const { id, routedTo } = JSON.parse(shared.stdout).request as { id: string; routedTo: string[] };
    expect(routedTo.length).toBeGreaterThan(1);
    const [helper, erased] = [routedTo[0]!, routedTo[1]!];
    expect((await pont('requests', 'claim', id, '--as', helper)).status).toBe(0);
    expect(
      (
        await pont(
          'requests',
          'answer',
          id,
          'We plan the bank holiday rota six weeks ahead.',
          '--as',
          helper,
          '--consent',
        )
      ).status,
    ).toBe(0);

    expect((await pont('people', 'hide', helper)).status).toBe(0);
    expect((await pont('people', 'erase', erased)).status).toBe(0);

    const shown = await pont('requests', 'show', id);
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain('answer (someone): We plan the bank holiday rota six weeks ahead.');
    expect(shown.stdout).not.toContain(helper);
    expect(shown.stdout).not.toContain(erased);
    const shownJson = await pont('requests', 'show', id, '--json');
    expect(shownJson.stdout).not.toContain(helper);
    expect(shownJson.stdout).not.toContain(erased);
    const listed = await pont('requests', '--json');
    expect(listed.stdout).not.toContain(helper);
    expect(listed.stdout).not.toContain(erased);
    expect(JSON.parse((await pont('requests', '--involving', helper, '--json')).stdout).requests).toEqual([]);

    // The requester is told someone answered, without the name.
    const rated = await pont('requests', 'helpful', id, '--as', requester, '--json');
    expect(rated.status).toBe(0);
    expect(rated.stdout).not.toContain(helper);
    const closed = await pont('requests', 'close', id, '--as', requester);
    expect(closed.stdout).not.toContain(helper);

    // The person themselves still sees their part.
    const own = await pont('requests', 'show', id, '--as', helper, '--json');
    expect(JSON.parse(own.stdout).request).toMatchObject({ claimedBy: helper, answeredBy: helper });
    const ownList = await pont('requests', '--involving', helper, '--as', helper, '--json');
    expect(JSON.parse(ownList.stdout).requests.map((request: { id: string }) => request.id)).toEqual([id]);
  });

  it('says in English and Welsh that a request does not exist or that a number is not a request number', async () => {
    const missing = await pont('requests', 'show', '4242');
    expect(missing).toMatchObject({
      status: 1,
      stderr:
        'pont requests: There is no request #4242: check the number in your list of requests. / Nid oes cais #4242: gwiriwch y rhif yn eich rhestr o geisiadau.\n',
    });
    const bad = await pont('requests', 'claim', 'abc', '--as', requester);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('"abc" is not a request number');
    expect(bad.stderr).toContain('Nid yw "abc" yn rhif cais');
  });
});
