import { beforeAll, describe, expect, it } from 'vitest';
import { useCliFolder } from '../../support/cli.ts';

// NOTE: the folder's database is opened once for the file; each command still runs through the CLI's entry point.
const cli = useCliFolder('pont-cli-sharing-');
const pont = cli.pont;

const requester = 'matthew.jones@blaenau-gwent.gov.uk';
const question = 'How do you run your waste collection rota over bank holidays?';

beforeAll(async () => {
  const imported = await pont('people', 'import', 'examples/staff-directory.csv', '--json');
  expect(imported.status).toBe(0);
});

describe('pont share and pont requests', () => {
  let id: string;
  let routedTo: string[];

  it('opens a request, routes it to people in the other council and shows who was told', async () => {
    const shared = await pont('share', question, '--from', requester, '--key', 'cli-test-1', '--json');
    expect(shared.stderr).toContain('pont: notified');
    expect(shared.status).toBe(0);
    const { request } = JSON.parse(shared.stdout);
    expect(request).toMatchObject({ status: 'routed', title: question, targetCouncils: ['torfaen'] });
    expect(request.topic.services).toContain('waste');
    expect(request.routedTo.length).toBeGreaterThan(0);
    expect(request.routedTo.length).toBeLessThanOrEqual(3);
    for (const email of request.routedTo) expect(email).toMatch(/@torfaen\.gov\.uk$/);
    // Kerry Evans has a hidden profile: never routed to.
    expect(request.routedTo).not.toContain('kerry.evans@torfaen.gov.uk');
    for (const email of request.routedTo) expect(shared.stderr).toContain(`notified ${email} (request-routed)`);
    id = request.id;
    routedTo = request.routedTo;

    // The same client key again (a retried platform event) returns the first request and tells nobody again.
    const again = await pont('share', question, '--from', requester, '--key', 'cli-test-1', '--json');
    expect(JSON.parse(again.stdout).request.id).toBe(id);
    expect(again.stderr).toBe('');
  });

  it('turns away an empty request, an unknown requester and a missing --from with one clear line', async () => {
    const empty = await pont('share', '  ', '--from', requester);
    expect(empty.status).toBe(1);
    expect(empty.stderr).toMatch(/^pont share: The request is empty: say what you would like to learn/);
    expect(empty.stderr.trim().split('\n')).toHaveLength(1);
    const stranger = await pont('share', question, '--from', 'someone@example.org');
    expect(stranger.status).toBe(1);
    expect(stranger.stderr).toBe(
      'pont share: someone@example.org is not in the staff directory: requests come from staff of either council. Check the email address, or ask an admin to import the directory.\n',
    );
    const nobody = await pont('share', question);
    expect(nobody).toMatchObject({
      status: 1,
      stderr: 'pont share: say who is asking: pont share "REQUEST" --from you@council.gov.uk\n',
    });
  });

  it('reminds the people asked when the deadline passes, once', async () => {
    const followUp = await pont('requests', 'followup', '--now', '2099-01-05T10:00:00Z', '--json');
    expect(followUp.status).toBe(0);
    expect(JSON.parse(followUp.stdout)).toEqual({ acted: 1 });
    for (const email of routedTo) expect(followUp.stderr).toContain(`notified ${email} (request-reminder)`);
    const second = await pont('requests', 'followup', '--now', '2099-01-05T10:00:00Z', '--json');
    expect(JSON.parse(second.stdout)).toEqual({ acted: 0 });
  });

  it('lets one person claim, tells the next who has it, and takes the answer', async () => {
    const claimer = routedTo[0]!;
    const claimed = await pont('requests', 'claim', id, '--as', claimer, '--json');
    expect(claimed.status).toBe(0);
    expect(JSON.parse(claimed.stdout).request).toMatchObject({ status: 'claimed', claimedBy: claimer });
    expect(claimed.stderr).toContain(`notified ${requester} (request-claimed)`);

    const late = await pont('requests', 'claim', id, '--as', routedTo[1]!);
    expect(late.status).toBe(1);
    expect(late.stderr).toMatch(
      new RegExp(
        `^pont requests: Request #${id} has already been picked up by .+ \\(${claimer.replace('.', '\\.')}, Torfaen\\)`,
      ),
    );

    const answered = await pont(
      'requests',
      'answer',
      id,
      'We plan the bank holiday rota six weeks ahead: crews work the Saturday after, and residents get a printed calendar.',
      '--as',
      claimer,
      '--consent',
      '--json',
    );
    expect(answered.status).toBe(0);
    expect(JSON.parse(answered.stdout).request).toMatchObject({ status: 'answered', answeredBy: claimer });
  });

  it('keeps a helpful answer as shared practice that pont ask cites, and closes the request', async () => {
    const rated = await pont('requests', 'helpful', id, '--as', requester, '--json');
    expect(rated.status).toBe(0);
    expect(JSON.parse(rated.stdout).request).toMatchObject({ helpful: true, sharedAs: `pont:request/${id}` });

    const closed = await pont('requests', 'close', id, '--as', requester);
    expect(closed.status).toBe(0);
    expect(closed.stdout).toContain(`#${id} ${question}`);
    expect(closed.stdout).toContain('closed');

    const asked = await pont('ask', 'How is the waste collection rota run over bank holidays?', '--json');
    const answer = JSON.parse(asked.stdout);
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]).toMatchObject({ source: `pont:request/${id}`, title: question });
    expect(answer.answer).toContain('six weeks ahead');

    const listed = await pont('requests', '--status', 'closed', '--json');
    const { requests } = JSON.parse(listed.stdout);
    expect(requests.map((request: { id: string }) => request.id)).toEqual([id]);

    const history = await pont('requests', 'show', id, '--json');
    expect(JSON.parse(history.stdout).events.map((event: { type: string }) => event.type)).toEqual([
      'request-opened',
      'request-routed',
      'reminder-sent',
      'request-claimed',
      'request-answered',
      'request-rated',
      'shared-practice-kept',
      'request-closed',
    ]);
  });

  it('refuses an illegal step with a clear message and counts the connection in the figures', async () => {
    const again = await pont('requests', 'cancel', id, '--as', requester);
    expect(again).toMatchObject({
      status: 1,
      stderr: `pont requests: Request #${id} is closed, so it cannot be cancelled.\n`,
    });
    const figures = JSON.parse((await pont('requests', 'figures', '--json')).stdout).figures;
    expect(figures).toMatchObject({
      total: 1,
      byStatus: { closed: 1 },
      byDirection: [{ from: 'blaenau-gwent', to: 'torfaen', count: 1 }],
      shareAnswered: 1,
      crossCouncilConnections: 1,
    });
    expect(figures.byService).toContainEqual({ service: 'waste', count: 1 });
    const badStatus = await pont('requests', '--status', 'pending');
    expect(badStatus.stderr).toBe(
      'pont requests: --status takes one of open, routed, claimed, answered, closed, cancelled, expired, not "pending"\n',
    );
  });
});
