import { describe, expect, it } from '@jest/globals';
import { ForbiddenError, NotFoundError } from '../../src/errors.js';
import { MATCH_THRESHOLD, MatchingService, similarity } from '../../src/search/matching.js';
import { claimFeatures } from '../../src/search/text.js';
import type { ArticleRecord, ClaimRecord } from '../../src/storage/records.js';
import { article, checked, claim, editor, openStore, reviewer, viewer } from './helpers.js';

const sim = (a: string, b: string) => similarity(claimFeatures(a), claimFeatures(b));

describe('claim similarity', () => {
  it('scores a reworded repeat with the same figure above the threshold', () => {
    expect(sim('Unemployment fell to 4% last year, the lowest level in decades.', 'Unemployment fell to 4 per cent last year – the lowest in decades')).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
  });

  it('scores the same sentence with a different figure far below the threshold', () => {
    expect(sim('Unemployment fell to 4% last year.', 'Unemployment fell to 7% last year.')).toBeLessThan(0.4);
  });

  it('reads figures written in different ways as the same number', () => {
    expect(claimFeatures('The scheme cost £3bn and 1,200 jobs').numbers).toEqual(claimFeatures('the scheme cost £3,000,000,000 and 1200 jobs').numbers);
    expect(claimFeatures('Prices rose 4.5 percent').numbers).toEqual(['4.5%']);
  });

  it('halves the score when one claim negates the other', () => {
    expect(sim('The council did not raise parking charges', 'The council raised parking charges')).toBeLessThan(MATCH_THRESHOLD);
  });

  it('folds curly quotes, dashes, plurals and stop words', () => {
    const a = claimFeatures('The government’s taxes — on families — rose');
    expect(a.words).toEqual(['family', 'government', 'rose', 'tax']);
  });
});

async function seed(store: import('../../src/storage/index.js').Store, articles: ArticleRecord[], claims: ClaimRecord[]): Promise<void> {
  await store.transact((tx) => {
    for (const a of articles) tx.insert('articles', a);
    for (const c of claims) tx.insert('claims', c);
  });
}

describe('MatchingService.linkNewClaims', () => {
  it('links a reworded repeat in a new article to the earlier checked claim and shows its verdict', async () => {
    const { store, done } = await openStore();
    try {
      const old = article({ title: 'Minister on jobs', outlet: 'Old Times' });
      const fresh = article({ title: 'Campaign speech' });
      const earlier = checked(old.id, 'Unemployment fell to 4% last year, the lowest level in decades.', 'mostly_true');
      const repeat = claim(fresh.id, 'Last year unemployment fell to 4 per cent — the lowest level in decades');
      await seed(store, [old, fresh], [earlier, repeat]);
      const matching = new MatchingService(store);

      const created = await matching.linkNewClaims(fresh.id, [repeat.id], reviewer);

      expect(created).toHaveLength(1);
      expect(created[0]).toMatchObject({ claimId: repeat.id, matchedClaimId: earlier.id, state: 'suggested', decidedBy: null });
      expect(created[0]!.similarity).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
      const views = matching.matchesFor(repeat.id);
      expect(views).toHaveLength(1);
      expect(views[0]!.claim.id).toBe(earlier.id);
      expect(views[0]!.article?.title).toBe('Minister on jobs');
      expect(views[0]!.verdict?.label).toBe('Mostly true');
      expect(store.find('history', 'entityId', created[0]!.id).map((h) => h.action)).toEqual(['suggest']);
    } finally {
      await done();
    }
  });

  it('does not link claims whose figures differ', async () => {
    const { store, done } = await openStore();
    try {
      const old = article();
      const fresh = article();
      const earlier = checked(old.id, 'Unemployment fell to 4% last year.');
      const different = claim(fresh.id, 'Unemployment fell to 7% last year.');
      await seed(store, [old, fresh], [earlier, different]);

      expect(await new MatchingService(store).linkNewClaims(fresh.id, [different.id], reviewer)).toEqual([]);
      expect(store.count('matches')).toBe(0);
    } finally {
      await done();
    }
  });

  it('does not match claims that are not yet checked, nor claims of the same article', async () => {
    const { store, done } = await openStore();
    try {
      const old = article();
      const fresh = article();
      const inReview = claim(old.id, 'Crime rose by 20% in the city centre', { status: 'in_review' });
      const sameArticle = checked(fresh.id, 'Crime rose by 20% in the city centre.');
      const repeat = claim(fresh.id, 'Crime in the city centre rose by 20%');
      await seed(store, [old, fresh], [inReview, sameArticle, repeat]);

      expect(await new MatchingService(store).linkNewClaims(fresh.id, [repeat.id], reviewer)).toEqual([]);
    } finally {
      await done();
    }
  });

  it('keeps at most three suggestions per claim, the most similar first', async () => {
    const { store, done } = await openStore();
    try {
      const fresh = article();
      const olds = [article(), article(), article(), article(), article()];
      const earlier = olds.map((a) => checked(a.id, 'Hospital waiting lists grew to 7.6 million patients this year'));
      const best = checked(olds[0]!.id, 'Hospital waiting lists grew to 7.6 million patients in England this year');
      const repeat = claim(fresh.id, 'Hospital waiting lists grew to 7.6 million patients this year');
      await seed(store, [fresh, ...olds], [...earlier, best, repeat]);
      const matching = new MatchingService(store);

      const created = await matching.linkNewClaims(fresh.id, [repeat.id], reviewer);

      expect(created).toHaveLength(3);
      expect(created.every((m) => m.similarity === 1)).toBe(true);
      expect(created.map((m) => m.matchedClaimId)).not.toContain(best.id);
      // Linking again adds nothing: the claim already has its three.
      expect(await matching.linkNewClaims(fresh.id, [repeat.id], reviewer)).toEqual([]);
      expect(store.count('matches')).toBe(3);
    } finally {
      await done();
    }
  });

  it('picks up claims checked after the index was built and drops ones reopened since', async () => {
    const { store, done } = await openStore();
    try {
      const old = article();
      const fresh = article();
      const later = article();
      const earlier = claim(old.id, 'The bridge cost 40 million pounds to build', { status: 'in_review' });
      await seed(store, [old, fresh, later], [earlier]);
      const matching = new MatchingService(store);
      expect(matching.indexSize()).toBe(0);

      const checkedNow: ClaimRecord = { ...earlier, status: 'checked', verdict: 'true', version: 2 };
      await store.transact((tx) => tx.replace('claims', checkedNow));
      const first = claim(fresh.id, 'The bridge cost £40m to build');
      await seed(store, [], [first]);
      expect(await matching.linkNewClaims(fresh.id, [first.id], reviewer)).toHaveLength(1);
      expect(matching.indexSize()).toBe(1);

      await store.transact((tx) => tx.replace('claims', { ...checkedNow, status: 'in_review', verdict: null, version: 3 }));
      const second = claim(later.id, 'The bridge cost £40m to build');
      await seed(store, [], [second]);
      expect(await matching.linkNewClaims(later.id, [second.id], reviewer)).toEqual([]);
      expect(matching.indexSize()).toBe(0);
    } finally {
      await done();
    }
  });

  it('builds its index over many checked claims without comparing every pair', async () => {
    const { store, done } = await openStore();
    try {
      const topics = ['schools', 'hospitals', 'roads', 'prisons', 'farms', 'ports', 'rail', 'housing', 'police', 'courts'];
      const places = ['Leeds', 'York', 'Bath', 'Hull', 'Derby', 'Exeter', 'Truro', 'Ely', 'Wells', 'Ripon'];
      const old = article();
      const fresh = article();
      const many: ClaimRecord[] = [];
      for (let i = 0; i < 20_000; i++) {
        many.push(checked(old.id, `Spending on ${topics[i % 10]} in ${places[Math.floor(i / 10) % 10]} rose by ${i} pounds in year ${i % 7}`));
      }
      const repeat = claim(fresh.id, 'Spending on ports in York rose by 15 pounds in year 1');
      await seed(store, [old, fresh], [...many, repeat]);
      const matching = new MatchingService(store);

      const t0 = performance.now();
      const created = await matching.linkNewClaims(fresh.id, [repeat.id], reviewer);
      const elapsed = performance.now() - t0;

      expect(created[0]?.matchedClaimId).toBe(many[15]!.id);
      expect(elapsed).toBeLessThan(5000);
    } finally {
      await done();
    }
  });
});

describe('MatchingService.decide and matchesFor', () => {
  async function withMatch() {
    const opened = await openStore();
    const old = article();
    const fresh = article();
    const earlier = checked(old.id, 'The minimum wage rose by 10% in April', 'true');
    const repeat = claim(fresh.id, 'In April the minimum wage rose by 10%');
    await seed(opened.store, [old, fresh], [earlier, repeat]);
    const matching = new MatchingService(opened.store);
    const [match] = await matching.linkNewClaims(fresh.id, [repeat.id], reviewer);
    if (!match) throw new Error('expected a match');
    return { ...opened, matching, match, earlier, repeat };
  }

  it('confirms a match and records who decided', async () => {
    const { store, done, matching, match } = await withMatch();
    try {
      const decided = await matching.decide(match.id, 'confirmed', reviewer);
      expect(decided).toMatchObject({ state: 'confirmed', decidedBy: reviewer.id });
      expect(store.get('matches', match.id)?.state).toBe('confirmed');
      expect(store.find('history', 'entityId', match.id).map((h) => h.action)).toEqual(['suggest', 'confirm']);
    } finally {
      await done();
    }
  });

  it('hides rejected matches unless they are asked for', async () => {
    const { done, matching, match, repeat } = await withMatch();
    try {
      await matching.decide(match.id, 'rejected', editor);
      expect(matching.matchesFor(repeat.id)).toEqual([]);
      expect(matching.matchesFor(repeat.id, { includeRejected: true }).map((v) => v.match.state)).toEqual(['rejected']);
    } finally {
      await done();
    }
  });

  it('shows the match from the earlier claim only when asked, pointing at the newer claim', async () => {
    const { done, matching, earlier, repeat } = await withMatch();
    try {
      expect(matching.matchesFor(earlier.id)).toEqual([]);
      const views = matching.matchesFor(earlier.id, { includeLater: true });
      expect(views.map((v) => [v.direction, v.claim.id])).toEqual([['later', repeat.id]]);
    } finally {
      await done();
    }
  });

  it('refuses viewers with a 403', async () => {
    const { done, matching, match } = await withMatch();
    try {
      await expect(matching.decide(match.id, 'confirmed', viewer)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(matching.decide(match.id, 'confirmed', viewer)).rejects.toMatchObject({ status: 403 });
    } finally {
      await done();
    }
  });

  it('answers 404 for an unknown match', async () => {
    const { done, matching } = await withMatch();
    try {
      await expect(matching.decide('mat_nope', 'rejected', reviewer)).rejects.toBeInstanceOf(NotFoundError);
    } finally {
      await done();
    }
  });
});
