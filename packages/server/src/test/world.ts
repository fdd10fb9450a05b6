import type { FastifyInstance } from 'fastify';
import { signUpClient, type TestClient } from './harness.js';

/** A coach with an engagement whose coachee and sponsor have joined, and an outsider who has not. */
export interface World {
  coach: TestClient;
  coachee: TestClient;
  sponsor: TestClient;
  outsider: TestClient;
  engagementId: string;
}

export interface People {
  coach: TestClient;
  coachee: TestClient;
  sponsor: TestClient;
  outsider: TestClient;
}

const peopleByApp = new WeakMap<FastifyInstance, Promise<People>>();

/** Four signed-up people, created once per app. */
export function people(app: FastifyInstance): Promise<People> {
  let p = peopleByApp.get(app);
  if (!p) {
    p = (async () => ({
      coach: await signUpClient(app, 'Casey Coach'),
      coachee: await signUpClient(app, 'Cory Coachee'),
      sponsor: await signUpClient(app, 'Sam Sponsor'),
      outsider: await signUpClient(app, 'Olly Outsider'),
    }))();
    peopleByApp.set(app, p);
  }
  return p;
}

/** Has the person accept an invitation by its token; fails loudly if they can't. */
export async function accept(client: TestClient, token: string): Promise<void> {
  const res = await client.post(`/api/invitations/${token}/accept`);
  if (res.statusCode !== 200) throw new Error(`accept failed: ${res.statusCode} ${res.body}`);
}

/** A fresh engagement with the coach, a joined coachee and a joined sponsor. */
export async function buildWorld(app: FastifyInstance, title = 'Leadership coaching'): Promise<World> {
  const p = await people(app);
  const res = await p.coach.post('/api/engagements', {
    title,
    clientType: 'organization',
    organizationName: 'Acme Ltd',
    startsOn: '2026-01-05',
    endsOn: '2026-04-05',
  });
  if (res.statusCode !== 201) throw new Error(`create engagement failed: ${res.statusCode} ${res.body}`);
  const engagementId = res.json().id as string;
  for (const [client, role] of [
    [p.coachee, 'coachee'],
    [p.sponsor, 'sponsor'],
  ] as const) {
    const inv = await p.coach.post(`/api/engagements/${engagementId}/invitations`, { email: client.user?.email, role });
    if (inv.statusCode !== 201) throw new Error(`invite failed: ${inv.statusCode} ${inv.body}`);
    await accept(client, inv.json().token);
  }
  return { ...p, engagementId };
}
