// What a signed contract leads to: its PDF and verification, cards on the board, and renewal.
import { expect, it } from 'vitest';
import { draft, type Json, signedBy } from '../../test/contracts.js';
import { describeEachEngine, drainJobs, errorOf, TestClient } from '../../test/harness.js';
import { buildWorld } from '../../test/world.js';

describeEachEngine('contract outcomes', (ctx) => {
  it('prints a signed contract as the same PDF every time, and verifies copies, hashes and a tampered file', async () => {
    const w = await buildWorld(ctx().app, 'PDF engagement');
    const c = await draft(w);
    const signed = await signedBy(w, c.id);
    const a = await w.coach.get(`/api/contracts/${c.id}/pdf`);
    expect(a.statusCode).toBe(200);
    expect(a.headers['content-type']).toBe('application/pdf');
    expect(a.headers['content-disposition']).toMatch(/attachment; filename="statement-of-work-pdf-engagement-v1.pdf"/);
    const bytes = a.rawPayload;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.toString('latin1')).toContain(`contentSha256=${signed.contentSha256}`);
    const b = await w.coachee.get(`/api/contracts/${c.id}/pdf`);
    expect(b.rawPayload.equals(bytes)).toBe(true);
    expect(a.headers['x-content-sha256']).toBe(signed.contentSha256);

    const visitor = new TestClient(ctx().app);
    // Downloading records nothing; the worker records the signed PDF's hash, and then the hash alone verifies.
    const pdfHash = a.headers['x-pdf-sha256'] as string;
    expect((await visitor.post('/api/contracts/verify', { sha256: pdfHash })).json().match).toBe(false);
    await drainJobs(ctx().app);
    expect((await visitor.post('/api/contracts/verify', { sha256: pdfHash })).json()).toMatchObject({ match: true, matchedBy: 'pdf' });

    // A copy downloaded before the worker ran verifies too: it is printed again and compared.
    const second = await draft(w, { title: 'Second statement' });
    await signedBy(w, second.id);
    const early = (await w.coachee.get(`/api/contracts/${second.id}/pdf`)).rawPayload;
    const earlyCheck = await visitor.request('POST', '/api/contracts/verify', undefined, { 'content-type': 'application/pdf' }, { payload: early });
    expect(earlyCheck.json()).toMatchObject({ match: true, matchedBy: 'pdf', contract: { id: second.id } });

    const ok = await visitor.request('POST', '/api/contracts/verify', undefined, { 'content-type': 'application/pdf' }, { payload: bytes });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ match: true, matchedBy: 'pdf', contract: { id: c.id, version: 1, contentSha256: signed.contentSha256 } });
    expect(
      ok
        .json()
        .contract.signers.map((s: Json) => s.name)
        .sort(),
    ).toEqual(['Casey Coach', 'Cory Coachee', 'Sam Sponsor']);

    const tampered = Buffer.from(bytes);
    const at = tampered.indexOf('Delegation plan');
    const i = at > 0 ? at : Math.floor(tampered.length / 2);
    tampered[i] = tampered[i] ^ 0x01;
    const bad = await visitor.request('POST', '/api/contracts/verify', undefined, { 'content-type': 'application/pdf' }, { payload: tampered });
    expect(bad.json()).toMatchObject({ match: false, contract: null });
    expect(bad.json().message).toMatch(/altered/);
    const appended = Buffer.concat([bytes, Buffer.from('\n% edited\n')]);
    expect((await visitor.request('POST', '/api/contracts/verify', undefined, { 'content-type': 'application/pdf' }, { payload: appended })).json().match).toBe(
      false,
    );

    const byHash = await visitor.post('/api/contracts/verify', { sha256: signed.contentSha256.toUpperCase() });
    expect(byHash.json()).toMatchObject({ match: true, matchedBy: 'content' });
    const byPdfHash = await visitor.post('/api/contracts/verify', { sha256: a.headers['x-pdf-sha256'] as string });
    expect(byPdfHash.json()).toMatchObject({ match: true, matchedBy: 'pdf' });
    expect((await visitor.post('/api/contracts/verify', { sha256: 'a'.repeat(64) })).json()).toMatchObject({ match: false });
    const malformed = await visitor.post('/api/contracts/verify', { sha256: 'not-a-hash' });
    expect(malformed.statusCode).toBe(400);
    expect(errorOf(malformed).fields).toEqual({ sha256: 'A SHA-256 hash is 64 hexadecimal characters (0-9, a-f).' });
    // A draft's content hash is not a signed contract.
    const unsigned = await draft(w, { title: 'Unsigned' });
    expect((await visitor.post('/api/contracts/verify', { sha256: unsigned.contentSha256 })).json().match).toBe(false);
  });

  it('puts goals and deliverables on the board once, as goal cards with their tasks', async () => {
    const w = await buildWorld(ctx().app, 'Board engagement');
    const c = await draft(w, {
      deliverables: [
        ...(await draft(w)).content.deliverables,
        { id: 'del-3', description: 'Loose deliverable', acceptanceCriteria: '', dueOn: null, goalId: null },
      ],
    });
    await signedBy(w, c.id);
    const res = await w.coach.post(`/api/contracts/${c.id}/cards`);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ created: 4, alreadyOnBoard: 0 });
    const board = (await w.coachee.get(`/api/engagements/${w.engagementId}/board`)).json();
    const todo = board.columns.find((col: Json) => col.kind === 'todo');
    expect(res.json().columnId).toBe(todo.id);
    const mine = todo.cards.filter((card: Json) => card.contractId === c.id);
    const goal = mine.find((card: Json) => card.type === 'goal');
    expect(goal).toMatchObject({
      title: 'Delegate with confidence',
      deliverableId: 'goal-a',
      dueOn: '2030-03-15',
      definitionOfDone: [{ text: 'Target met: 4 of 5', done: false }],
    });
    const tasks = mine.filter((card: Json) => card.type === 'task');
    expect(tasks.map((t: Json) => [t.title, t.deliverableId, t.parentId === goal.id])).toEqual([
      ['Delegation plan', 'del-1', true],
      ['Two delegated projects', 'del-2', true],
      ['Loose deliverable', 'del-3', false],
    ]);
    expect(tasks[0].definitionOfDone.map((d: Json) => d.text)).toEqual(['Agreed with the team', 'Reviewed in a session']);
    expect((await w.coach.get(`/api/contracts/${c.id}`)).json().deliverablesOnBoard).toBe(3);
    const again = await w.coach.post(`/api/contracts/${c.id}/cards`);
    expect(again.json()).toMatchObject({ created: 0, alreadyOnBoard: 4 });
    expect((await w.coachee.post(`/api/contracts/${c.id}/cards`)).statusCode).toBe(403);
  });

  it('renews into the next 30/60/90-day plan, carrying unfinished work forward', async () => {
    const w = await buildWorld(ctx().app, 'Renewal engagement');
    const c = await draft(w);
    await signedBy(w, c.id);
    await w.coach.post(`/api/contracts/${c.id}/cards`);
    const board = (await w.coach.get(`/api/engagements/${w.engagementId}/board`)).json();
    const done = board.columns.find((col: Json) => col.kind === 'done');
    const planCard = board.columns.flatMap((col: Json) => col.cards).find((card: Json) => card.deliverableId === 'del-1');
    const moved = await w.coach.post(`/api/cards/${planCard.id}/move`, { columnId: done.id, version: planCard.version });
    expect(moved.statusCode, moved.body).toBe(200);

    expect((await w.coach.post(`/api/contracts/${c.id}/renew`, { days: 45 })).statusCode).toBe(400);
    const res = await w.coach.post(`/api/contracts/${c.id}/renew`, { days: 60 });
    expect(res.statusCode, res.body).toBe(201);
    const next = res.json();
    expect(next).toMatchObject({ status: 'draft', kind: 'renewal', version: 1, previousId: c.id, startsOn: '2030-04-01', endsOn: '2030-05-30' });
    expect(next.content.deliverables.map((d: Json) => [d.id, d.dueOn])).toEqual([['del-2', null]]);
    expect(next.content.goals.map((g: Json) => [g.id, g.byWhen])).toEqual([['goal-a', '2030-05-30']]);
    expect(next.content.rate).toEqual(c.content.rate);
    expect((await w.coach.post(`/api/contracts/${c.id}/renew`, { days: 30 })).statusCode).toBe(409);
    await signedBy(w, next.id);
    expect((await w.coach.get(`/api/engagements/${w.engagementId}`)).json()).toMatchObject({ startsOn: '2030-01-01', endsOn: '2030-05-30' });
    // Carried-forward deliverables keep their cards: nothing is duplicated.
    expect((await w.coach.post(`/api/contracts/${next.id}/cards`)).json()).toMatchObject({ created: 0, alreadyOnBoard: 2 });
  });
});
