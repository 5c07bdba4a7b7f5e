import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { api, testApp, type TestApp, type TestUser } from '../helpers/app.js';

const BODY = `The terminal handled 1.8 million containers last year, up 12% from 2024.

Unemployment fell to 4.1% in March, the statistics office said.

The council spent £4.5m on consultants in 2025.`;

describe('team review over the API', () => {
  let t: TestApp;
  let editor: TestUser;
  let ann: TestUser;
  let bob: TestUser;
  let viewer: TestUser;
  let claimIds: string[];
  let articleId: string;

  beforeEach(async () => {
    t = await testApp();
    editor = await t.user('eddie', 'editor');
    ann = await t.user('ann', 'reviewer');
    bob = await t.user('bob', 'reviewer');
    viewer = await t.user('vera', 'viewer');
    const res = await api(t, editor).post('/articles', { body: BODY });
    articleId = res.body.id;
    claimIds = res.body.claims.map((c: { id: string }) => c.id);
  });
  afterEach(async () => {
    await t.close();
  });

  it('keeps reviews blind until a reviewer has submitted their own', async () => {
    const id = claimIds[0]!;
    expect((await api(t, editor).post(`/claims/${id}/assignees`, { userIds: [ann.id, bob.id] })).status).toBe(201);
    await api(t, ann).post(`/claims/${id}/evidence`, { url: 'https://stats.example/ports', stance: 'refutes', title: 'Port stats' });
    await api(t, ann).post(`/claims/${id}/reviews`, { verdict: 'false', rationale: 'Secret reasoning of Ann' });

    const bobView = await api(t, bob).get(`/claims/${id}`);
    expect(bobView.status).toBe(200);
    expect(bobView.body.blind).toBe(true);
    expect(bobView.body.reviews).toEqual([]);
    expect(bobView.body.evidence).toEqual([]);
    expect(JSON.stringify(bobView.body)).not.toContain('Secret reasoning');
    expect(JSON.stringify(bobView.body)).not.toContain('"false"');

    await api(t, bob).post(`/claims/${id}/reviews`, { verdict: 'mostly_false', rationale: 'Bob thinks so' });
    const after = await api(t, bob).get(`/claims/${id}`);
    expect(after.body.blind).toBe(false);
    expect(after.body.reviews.map((r: { verdict: string }) => r.verdict).sort()).toEqual(['false', 'mostly_false']);
    expect(after.body.progress.needsAdjudication).toBe(true);
  });

  it('does not name a disagreement to a reviewer who has not reviewed that claim yet', async () => {
    const cat = await t.user('cat', 'reviewer');
    const id = claimIds[0]!;
    await api(t, editor).post(`/claims/${id}/assignees`, { userIds: [ann.id, bob.id, cat.id] });
    await api(t, ann).post(`/claims/${id}/reviews`, { verdict: 'false' });
    await api(t, cat).post(`/claims/${id}/reviews`, { verdict: 'true' });
    expect((await api(t, bob).get(`/articles/${articleId}/agreement`)).body.disagreements).toEqual([]);
    expect((await api(t, editor).get(`/articles/${articleId}/agreement`)).body.disagreements).toEqual([id]);
  });

  it('leaves claims still blind to a reviewer out of the agreement figures they see', async () => {
    const cat = await t.user('cat', 'reviewer');
    await api(t, editor).post(`/claims/${claimIds[0]}/assignees`, { userIds: [ann.id, bob.id, cat.id] });
    await api(t, ann).post(`/claims/${claimIds[0]}/reviews`, { verdict: 'false' });
    await api(t, cat).post(`/claims/${claimIds[0]}/reviews`, { verdict: 'true' });
    expect((await api(t, bob).get(`/articles/${articleId}/agreement`)).body.claims).toBe(0);
    expect((await api(t, editor).get(`/articles/${articleId}/agreement`)).body.claims).toBe(1);
  });

  it('does not let a reviewer take a checked claim out of "checked"', async () => {
    const id = claimIds[0]!;
    await api(t, ann).post(`/claims/${id}/reviews`, { verdict: 'true', rationale: 'Matches the release.' });
    const checked = t.services.claims.require(id);
    expect(checked.status).toBe('checked');
    expect((await api(t, bob).patch(`/claims/${id}`, { version: checked.version, status: 'dismissed' })).status).toBe(403);
    const s = await import('../helpers/app.js').then((m) => m.signedIn(t, bob));
    const res = await s.post(`/claims/${id}/triage`, { action: 'restore', version: checked.version }, `/claims/${id}`);
    expect(res.status).toBe(403);
    expect(t.services.claims.require(id)).toMatchObject({ status: 'checked', verdict: 'true' });
  });

  it('clears the final verdict when an editor reopens a claim, keeping it in history', async () => {
    const id = claimIds[0]!;
    await api(t, ann).post(`/claims/${id}/reviews`, { verdict: 'true', rationale: 'First look.' });
    await t.services.reviews.reopen(id, editor.actor);
    const claim = (await api(t, viewer).get(`/claims/${id}`)).body;
    expect(claim).toMatchObject({ status: 'in_review', verdict: null, rationale: null });
    expect(t.services.history.forClaim(id).some((h) => h.action === 'reopen' && (h.before as { verdict: string }).verdict === 'true')).toBe(true);
  });

  it('refuses an adjudication based on a stale claim version', async () => {
    const id = claimIds[0]!;
    const version = t.services.claims.require(id).version;
    await api(t, ann).post(`/claims/${id}/reviews`, { verdict: 'false' });
    const res = await api(t, editor).post(`/claims/${id}/adjudication`, { version, verdict: 'true', reason: 'Based on an old view.' });
    expect(res.status).toBe(409);
    expect(t.services.claims.require(id).verdict).toBe('false');
  });

  it('settles a claim when a released reviewer was the only one missing', async () => {
    const cat = await t.user('cat', 'reviewer');
    const id = claimIds[0]!;
    await api(t, editor).post(`/claims/${id}/assignees`, { userIds: [ann.id, bob.id, cat.id] });
    await api(t, ann).post(`/claims/${id}/reviews`, { verdict: 'false' });
    await api(t, bob).post(`/claims/${id}/reviews`, { verdict: 'false' });
    expect(t.services.claims.require(id).status).toBe('in_review');
    expect((await api(t, editor).delete(`/claims/${id}/assignees/${cat.id}`)).status).toBe(204);
    expect(t.services.claims.require(id)).toMatchObject({ status: 'checked', verdict: 'false' });
  });

  it('hides another reviewer\'s use of a source while the claim is blind', async () => {
    const id = claimIds[0]!;
    await api(t, editor).post(`/claims/${id}/assignees`, { userIds: [ann.id, bob.id] });
    const ev = await api(t, ann).post(`/claims/${id}/evidence`, { url: 'https://stats.example/ports', stance: 'refutes', title: 'Port stats' });
    const s = await import('../helpers/app.js').then((m) => m.signedIn(t, bob));
    const page = await s.agent.get(`/sources/${ev.body.source.id}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(`/claims/${id}`);
    const mine = await import('../helpers/app.js').then((m) => m.signedIn(t, ann));
    expect((await mine.agent.get(`/sources/${ev.body.source.id}`)).text).toContain(`/claims/${id}`);
  });

  it('refuses a viewer\'s writes with 403 and changes nothing', async () => {
    const id = claimIds[0]!;
    const before = JSON.stringify(t.store.snapshot());
    const client = api(t, viewer);
    expect((await client.post(`/claims/${id}/reviews`, { verdict: 'true' })).status).toBe(403);
    expect((await client.post(`/claims/${id}/evidence`, { url: 'https://a.example', stance: 'supports' })).status).toBe(403);
    expect((await client.patch(`/claims/${id}`, { version: 1, text: 'changed' })).status).toBe(403);
    expect((await client.post(`/claims/${id}/assignees`, { userIds: [ann.id] })).status).toBe(403);
    expect((await client.post('/articles', { body: 'A new article with 5 facts.' })).status).toBe(403);
    expect((await client.post(`/claims/${id}/adjudication`, { verdict: 'true', reason: 'x' })).status).toBe(403);
    expect(JSON.stringify(t.store.snapshot())).toBe(before);
  });

  it('stops a reviewer who is not assigned from reviewing an assigned claim', async () => {
    const id = claimIds[0]!;
    await api(t, editor).post(`/claims/${id}/assignees`, { userIds: [ann.id] });
    const res = await api(t, bob).post(`/claims/${id}/reviews`, { verdict: 'true' });
    expect(res.status).toBe(403);
  });

  it('refuses a stale PATCH with 409 and the current record, losing nothing', async () => {
    const id = claimIds[1]!;
    const first = await api(t, editor).patch(`/claims/${id}`, { version: 1, text: 'Unemployment fell to 4.1% in March.' });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(2);
    const stale = await api(t, editor).patch(`/claims/${id}`, { version: 1, text: 'Someone else\'s edit' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.version).toBe(2);
    expect(stale.body.error.details.text).toBe('Unemployment fell to 4.1% in March.');
    expect(t.services.claims.require(id).text).toBe('Unemployment fell to 4.1% in March.');
  });

  it('lets an editor adjudicate a disagreement and reports agreement before and after', async () => {
    for (const id of claimIds) await api(t, editor).post(`/claims/${id}/assignees`, { userIds: [ann.id, bob.id] });
    const verdicts: Array<[string, string]> = [['false', 'false'], ['true', 'mostly_true'], ['half_true', 'half_true']];
    for (let i = 0; i < claimIds.length; i++) {
      await api(t, ann).post(`/claims/${claimIds[i]}/reviews`, { verdict: verdicts[i]![0] });
      await api(t, bob).post(`/claims/${claimIds[i]}/reviews`, { verdict: verdicts[i]![1] });
    }
    const agreement = await api(t, editor).get(`/articles/${articleId}/agreement`);
    expect(agreement.status).toBe(200);
    expect(agreement.body.claims).toBe(3);
    expect(agreement.body.reviewers).toBe(2);
    expect(agreement.body.percent).toBeCloseTo(2 / 3, 5);
    expect(agreement.body.alpha.nominal).not.toBeNull();
    expect(agreement.body.disagreements).toEqual([claimIds[1]]);

    const adj = await api(t, editor).post(`/claims/${claimIds[1]}/adjudication`, { verdict: 'true', reason: 'The figure matches the official release.' });
    expect(adj.status).toBe(200);
    expect(adj.body.status).toBe('checked');
    expect(adj.body.verdict).toBe('true');
    const after = await api(t, viewer).get(`/articles/${articleId}/agreement`);
    expect(after.body.againstFinal.claims).toBe(3);
  });

  it('assigns automatically by load and lists the queue oldest first', async () => {
    const res = await t.services.reviews.autoAssign(articleId, 2, editor.actor);
    expect(res.length).toBe(claimIds.length * 2);
    const perUser = new Map<string, number>();
    for (const a of res) perUser.set(a.userId, (perUser.get(a.userId) ?? 0) + 1);
    const counts = Array.from(perUser.values());
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    const q = await api(t, ann).get('/queue');
    expect(q.status).toBe(200);
    const times: string[] = q.body.queue.map((x: { assignment: { createdAt: string } }) => x.assignment.createdAt);
    expect([...times].sort()).toEqual(times);
  });

  it('unassigns a reviewer, after which the claim is open again', async () => {
    const id = claimIds[0]!;
    await api(t, editor).post(`/claims/${id}/assignees`, { userIds: [ann.id] });
    expect((await api(t, editor).delete(`/claims/${id}/assignees/${ann.id}`)).status).toBe(204);
    expect((await api(t, bob).post(`/claims/${id}/reviews`, { verdict: 'true' })).status).toBe(201);
  });

  it('lets an editor correct article details with a version check', async () => {
    const ok = await api(t, editor).patch(`/articles/${articleId}`, { version: 1, title: 'Port figures', outlet: 'Harbour Times' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ title: 'Port figures', outlet: 'Harbour Times', version: 2 });
    expect(ok.body.text).toBeUndefined();
    const stale = await api(t, editor).patch(`/articles/${articleId}`, { version: 1, title: 'Lost edit' });
    expect(stale.status).toBe(409);
    expect((await api(t, ann).patch(`/articles/${articleId}`, { version: 2, title: 'Reviewer edit' })).status).toBe(403);
    expect(t.services.articles.require(articleId).title).toBe('Port figures');
  });

  it('records every change in a verifiable hash chain', async () => {
    await api(t, ann).post(`/claims/${claimIds[0]}/reviews`, { verdict: 'true' });
    const entries = t.services.history.forClaim(claimIds[0]!);
    expect(entries.some((h) => h.entity === 'review' && h.action === 'submit' && h.actorName === 'ann')).toBe(true);
    expect(t.services.history.verify().ok).toBe(true);
  });
});
