import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebTestServer, type WebTestServer } from './web-test-pont.ts';

// A Welsh-speaking member of staff on the chat page: whatever they get wrong, they are told in Welsh.
let web: WebTestServer;
let cookie: string;
const ieuan = 'ieuan.rowlands@blaenau-gwent.gov.uk';

beforeAll(async () => {
  web = await startWebTestServer();
  const response = await fetch(`${web.url}/api/identity`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: ieuan }),
  });
  expect(response.status).toBe(200);
  cookie = `${(response.headers.get('set-cookie') ?? '').split(';')[0]!}; pont_language=cy`;
}, 120_000);

afterAll(async () => web?.stop());

async function post(
  path: string,
  body: unknown,
  language = 'cy',
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${web.url}${path}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      cookie: cookie.replace(/pont_language=\w+/, `pont_language=${language}`),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('errors on the chat page in Welsh', () => {
  it('says in Welsh why a profile change typed in the chat was refused', async () => {
    const { body } = await post('/api/chat', { text: `proffil sgiliau ${'x'.repeat(120)}`, language: 'cy' });
    expect((body.reply as { text: string }).text).toBe('Ni allwn wneud hynny: mae un o’r sgiliau yn hirach na 100 nod');
    expect((await web.pont.people.getOwnProfile(ieuan))?.skills).not.toContain('x'.repeat(120));
  });

  it('says in Welsh that an English request was cancelled before it could be claimed', async () => {
    const request = await web.pont.sharing.open({
      text: 'How do you plan your garden waste collection rota?',
      fromEmail: 'sian.morgan@torfaen.gov.uk',
      language: 'en',
    });
    await web.pont.sharing.cancel(request.id, { email: 'sian.morgan@torfaen.gov.uk', isAdmin: false, via: 'web' });
    const welsh = await post(`/api/requests/${request.id}/claim`, {});
    expect(welsh).toEqual({
      status: 409,
      body: { error: `Mae hynny eisoes wedi newid: Mae cais #${request.id} wedi’i ganslo, felly ni ellir ei godi.` },
    });
    const english = await post(`/api/requests/${request.id}/claim`, {}, 'en');
    expect(english.body.error).toBe(
      `That has already changed: Request #${request.id} is cancelled, so it cannot be picked up.`,
    );
  });

  it('says in Welsh that an empty answer or an empty request cannot be sent', async () => {
    expect((await post('/api/requests', { text: '   ' })).body.error).toBe(
      'Ni allwn wneud hynny: Dywedwch beth hoffech ei ddysgu gan y cyngor arall.',
    );
    expect((await post('/api/requests/1/answer', { text: '' })).body.error).toBe(
      'Ni allwn wneud hynny: Ysgrifennwch yr ateb cyn ei anfon.',
    );
    expect((await post('/api/requests', { text: 'x'.repeat(4001) })).body.error).toBe(
      'Ni allwn wneud hynny: Mae’r cais yn rhy hir: cadwch ef o dan 4,000 nod a rhowch ddolen i unrhyw ddogfen hirach.',
    );
  });

  it('says in Welsh that feedback was not for one of Pont’s answers', async () => {
    const { status, body } = await post('/api/answers/not-an-answer/feedback', { helpful: true });
    expect(status).toBe(400);
    expect(body.error).toBe(
      'Ni allwn wneud hynny: Nid yw’r adborth hwnnw ar gyfer ateb a roddodd Pont: defnyddiwch y botymau o dan yr ateb.',
    );
  });

  it('says in Welsh that a people search is too short', async () => {
    const { body } = await post('/api/chat', { text: 'sgiliau x', language: 'cy' });
    expect((body.reply as { text: string }).text).toBe(
      'Ni allwn wneud hynny: Chwiliwch am o leiaf ddwy lythyren, fel "GIS".',
    );
  });
});
