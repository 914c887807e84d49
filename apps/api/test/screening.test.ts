/* eslint-disable @typescript-eslint/no-explicit-any -- tests read GraphQL results by path */
// The intake chain through the API, on SQLite and PostgreSQL: search results imported (and refused whole when a line
// cannot be read), duplicates merged, possible duplicates decided by a person and merges undone; two screeners who
// cannot see each other's votes until both have voted, conflicts for an arbiter, reasons to exclude a full text, undo;
// Cohen's kappa; an included record becoming a study or a report of one; and the PRISMA 2020 flow from the decisions.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/auth/viewer.js';
import { newId } from '../src/domain/ids.js';
import { personRow } from '../src/domain/people.js';
import { dataOf, dialects, mutations, rowCounts, testApp, testDatabase, type TestApp } from './helpers.js';
import { startReceiver, type Receiver } from './receiver.js';
import { startServer, type RunningServer } from '../src/server.js';
import { subscribeSse } from './streams.js';

function ris(records: { title: string; authors?: string[]; year?: number; journal?: string; doi?: string; pmid?: string; volume?: string; pages?: string; abstract?: string }[]): string {
  return records
    .map((r) =>
      [
        'TY  - JOUR',
        `TI  - ${r.title}`,
        ...(r.authors ?? ['Smith, J']).map((a) => `AU  - ${a}`),
        r.year ? `PY  - ${r.year}` : null,
        r.journal ? `JO  - ${r.journal}` : null,
        r.volume ? `VL  - ${r.volume}` : null,
        r.pages ? `SP  - ${r.pages}` : null,
        r.doi ? `DO  - ${r.doi}` : null,
        r.pmid ? `AN  - ${r.pmid}` : null,
        r.abstract ? `AB  - ${r.abstract}` : null,
        'ER  - ',
        '',
      ]
        .filter((line) => line !== null)
        .join('\r\n'),
    )
    .join('\r\n');
}

/** Twelve records of a first MEDLINE search: r1–r10 distinct, r11 repeats r2 (DOI), r12 is r3 with its title re-punctuated (strict). */
const first = [
  { title: 'Autologous adipose-derived stromal vascular fraction in the fingers of patients with systemic sclerosis', authors: ['Granel, B', 'Daumas, A'], year: 2015, journal: 'Ann Rheum Dis', doi: '10.1136/annrheumdis-2014-205681', abstract: 'An open-label phase I trial of SVF injection in systemic sclerosis.' },
  { title: 'Mesenchymal stem cells for digital ulcers in scleroderma', authors: ['Park, J'], year: 2020, journal: 'Stem Cell Res Ther', doi: '10.1186/s13287-020-01234-5' },
  { title: 'Fat grafting to the face in systemic sclerosis: a cohort', authors: ['Almadori, A'], year: 2019, journal: 'Plast Reconstr Surg', volume: '143', pages: '100-110' },
  { title: 'Bone marrow stem cells and skin thickness', authors: ['Keyszer, G'], year: 2011, journal: 'J Rheumatol' },
  { title: 'Umbilical cord MSC infusion in diffuse cutaneous disease', authors: ['Zhang, H'], year: 2017, journal: 'Clin Rheumatol' },
  { title: 'A survey of rheumatologists about scleroderma care', authors: ['Doe, A'], year: 2018, journal: 'Rheumatology' },
  { title: 'Lipofilling of the lips in scleroderma', authors: ['Blezien, O'], year: 2017, journal: 'Aesthetic Plast Surg' },
  { title: 'Hand function after stromal vascular fraction injection', authors: ['Virzi, F'], year: 2017, journal: 'Stem Cell Res Ther' },
  { title: 'Mouse models of fibrosis', authors: ['Roe, B'], year: 2016, journal: 'Nature' },
  { title: 'Autologous fat injection for the face in systemic sclerosis', authors: ['Scuderi, N'], year: 2013, journal: 'Plast Reconstr Surg' },
  { title: 'Mesenchymal stem cells for digital ulcers in scleroderma.', authors: ['Park, J'], year: 2020, journal: 'Stem Cell Res Ther', doi: 'https://doi.org/10.1186/S13287-020-01234-5' },
  { title: 'Fat grafting to the face in systemic sclerosis - a cohort', authors: ['Almadori, A'], year: 2019, journal: 'Plast Reconstr Surg', volume: '143', pages: '100-110' },
];

const q = {
  importSearch: `mutation($input: ImportSearchInput!) { importSearch(input: $input) { search { id source sourceKind recordCount duplicates round { number } } records duplicates possibleDuplicates newRecords version errors { field message } } }`,
  records: `query($id: ID!, $filter: RecordFilter) { review(id: $id) { recordsConnection(first: 100, filter: $filter) { totalCount edges { node { id title position duplicateKind duplicateOf { id } titleAbstractStatus fullTextStatus fullTextReason } } } } }`,
  queue: `query($id: ID!, $stage: ScreeningStage!) { review(id: $id) { screeningQueue(stage: $stage, first: 50) { id title } screeningProgress(stage: $stage) { total included excluded conflicts awaiting myVotes myQueue } } }`,
  vote: `mutation($input: CastScreeningVoteInput!) { castScreeningVote(input: $input) { record { id titleAbstractStatus fullTextStatus fullTextReason } errors { field message } } }`,
  withdraw: `mutation($input: RecordStageInput!) { withdrawScreeningVote(input: $input) { record { id titleAbstractStatus } errors { field message } } }`,
  resolve: `mutation($input: ResolveScreeningConflictInput!) { resolveScreeningConflict(input: $input) { record { id titleAbstractStatus fullTextStatus fullTextReason } errors { field message } } }`,
  record: `query($id: ID!, $recordId: ID!, $stage: ScreeningStage!) { review(id: $id) { record(id: $recordId) { id votesIn(stage: $stage) myVote(stage: $stage) { decision } votes(stage: $stage) { decision screener reason } } } }`,
  agreement: `query($id: ID!, $stage: ScreeningStage!) { review(id: $id) { screeningAgreement(stage: $stage) { records observedAgreement chanceAgreement kappa caution } } }`,
  possible: `query($id: ID!) { review(id: $id) { possibleDuplicates { id similarity record { id title } other { id title } } } }`,
  confirm: `mutation($id: ID!) { confirmDuplicate(input: { candidateId: $id }) { candidate { status } errors { field message } } }`,
  reject: `mutation($id: ID!) { rejectDuplicate(input: { candidateId: $id }) { candidate { status } errors { field message } } }`,
  undoMerge: `mutation($id: ID!) { undoMerge(input: { recordId: $id }) { record { id duplicateOf { id } titleAbstractStatus } errors { field message } } }`,
  include: `mutation($input: IncludeRecordInput!) { includeRecord(input: $input) { record { includedAs study { id } } study { id label year registryId reports { citation kind doi } } report { kind } errors { field message } } }`,
  notRetrieved: `mutation($id: ID!, $retrieved: Boolean!) { markFullTextRetrieval(input: { recordId: $id, retrieved: $retrieved }) { record { fullTextStatus } errors { field message } } }`,
  settings: `mutation($input: UpdateScreeningSettingsInput!) { updateScreeningSettings(input: $input) { settings { screenersPerRecord exclusionReasons } errors { field message } } }`,
  flow: `query($id: ID!) { review(id: $id) { prismaFlow { round { number } previous_studies previous_reports database_results database_specific_results { source count } register_results citations_results duplicates duplicates_by_source { source count } excluded_other records_screened records_excluded dbr_sought_reports dbr_notretrieved_reports dbr_assessed dbr_excluded { reason count } other_sought_reports other_assessed new_studies new_reports total_studies total_reports checks awaiting { titleAbstract fullText notYetStudies possibleDuplicates } } } }`,
};

for (const dialect of await dialects('screening')) {
  describe(`screening on ${dialect}`, () => {
    let app: TestApp;
    let dispose: () => Promise<void>;
    let reviewId: string;
    let hook: Receiver;
    let server: RunningServer;
    const people: Record<string, { id: string; token: string }> = {};

    /** A person with a personal access token and roles in the review (set up in the database: sign-in has its own suite). */
    async function person(name: string, roles: string[]) {
      const user = { ...personRow({ email: `${name.toLowerCase()}@uni.example`, displayName: name, orcid: null, passwordHash: null, confirmedAt: new Date().toISOString(), createdAt: new Date().toISOString() }) };
      await app.database.db.insertInto('users').values(user).execute();
      const secret = `cumulus_pat_${randomBytes(18).toString('hex')}`;
      await app.database.db
        .insertInto('api_tokens')
        .values({ id: newId(), name, token_hash: hashToken(secret), role: 'maintainer', review_id: null, created_at: new Date().toISOString(), revoked_at: null, user_id: user.id, expires_at: null, scope_review_ids: null, scope_roles: null })
        .execute();
      for (const role of roles) await app.database.db.insertInto('review_members').values({ review_id: reviewId, user_id: user.id, role: role as never, added_by: null, created_at: new Date().toISOString() }).execute();
      people[name] = { id: user.id, token: secret };
    }
    const as = (name: string) => people[name].token;

    beforeAll(async () => {
      const test = await testDatabase(dialect);
      dispose = test.dispose;
      app = testApp(test.database, { webhooks: { allowPrivateAddresses: true } });
      hook = await startReceiver();
      server = await startServer(app.yoga, { port: 0, host: '127.0.0.1' });
      const created = dataOf(await app.gql(mutations.createReview, { input: { title: 'MSCs for systemic sclerosis', isPublic: true } }));
      reviewId = created.createReview.review.id;
      await person('Ann', ['screener']);
      await person('Ben', ['screener']);
      await person('Cat', ['arbiter']);
      await person('Dan', ['reader']);
      await person('Eve', ['owner']);
    });
    afterAll(async () => {
      await server?.close();
      await app?.close();
      await hook?.close();
      await dispose?.();
    });

    const titles = new Map<string, string>();
    const idOf = (title: string) => {
      const id = titles.get(title);
      if (!id) throw new Error(`no record titled ${title}`);
      return id;
    };

    it('refuses a file it cannot read, naming the line and the reason, and stores nothing', async () => {
      const before = await rowCounts(app.database);
      const broken = `${ris(first.slice(0, 2))}TY  - JOUR\r\nTI  - A record that never ends\r\n`;
      const answer = dataOf(await app.gql(q.importSearch, { input: { reviewId, source: 'MEDLINE', searchedOn: '2021-02-01', content: broken, format: 'RIS' } }, as('Eve')));
      expect(answer.importSearch.search).toBeNull();
      expect(answer.importSearch.errors[0].field).toEqual(['input', 'content']);
      expect(answer.importSearch.errors[0].message).toMatch(/^line \d+: .+nothing was imported$/);
      const bad = dataOf(await app.gql(q.importSearch, { input: { reviewId, source: 'MEDLINE', searchedOn: '2021-02-30', content: ris(first) } }, as('Eve')));
      expect(bad.importSearch.errors).toEqual([{ field: ['input', 'searchedOn'], message: "searchedOn must be a date written YYYY-MM-DD, such as 2021-02-01 (got '2021-02-30')" }]);
      expect(await rowCounts(app.database)).toEqual(before);
    });

    it('refuses an import from a screener or a reader (importing is for maintainers)', async () => {
      const answer = dataOf(await app.gql(q.importSearch, { input: { reviewId, source: 'MEDLINE', searchedOn: '2021-02-01', content: ris(first) } }, as('Dan')));
      expect(answer.importSearch.errors[0].message).toMatch(/import search results/);
    });

    it('imports a search: duplicates by identifier and strict match merged, the rest waiting for screening, announced live and to webhooks', async () => {
      const stream = app.events.subscribe(reviewId, { wanted: (event) => (event.newRecords ?? 0) > 0, keep: 10 });
      const next = stream.next();
      const webhook = dataOf(await app.gql(`mutation($r: ID!, $url: String!) { registerWebhook(input: { reviewId: $r, url: $url }) { webhook { id } errors { message } } }`, { r: reviewId, url: hook.url }, as('Eve')));
      expect(webhook.registerWebhook.errors).toEqual([]);
      const answer = dataOf(
        await app.gql(q.importSearch, { input: { reviewId, source: 'MEDLINE via PubMed', searchedOn: '2021-02-01', query: 'systemic sclerosis AND stem cells', fileName: 'pubmed.ris', content: ris(first) } }, as('Eve')),
      );
      expect(answer.importSearch.errors).toEqual([]);
      expect(answer.importSearch).toMatchObject({ records: 12, duplicates: 2, newRecords: 10, search: { source: 'MEDLINE via PubMed', sourceKind: 'DATABASE', recordCount: 12, duplicates: 2, round: { number: 1 } } });
      const event = (await next).value;
      expect(event).toMatchObject({ reviewId, action: 'importSearch', newRecords: 10 });
      expect(event.summary).toMatch(/^10 new records to screen from MEDLINE via PubMed \(12 records: 2 duplicates/);
      await stream.return?.();
      const [delivered] = await hook.waitFor(1);
      expect(delivered.headers['cumulus-event']).toBe('records.new');
      expect(JSON.parse(delivered.body)).toMatchObject({ event: 'records.new', reviewId, action: 'importSearch', newRecords: 10, records: 12, duplicates: 2, summary: event.summary });

      const list = dataOf(await app.gql(q.records, { id: reviewId }, as('Ann'))).review.recordsConnection;
      expect(list.totalCount).toBe(12);
      for (const edge of list.edges) if (!edge.node.duplicateOf) titles.set(edge.node.title, edge.node.id);
      const byPosition = new Map(list.edges.map((edge: any) => [edge.node.position, edge.node]));
      expect(byPosition.get(11)).toMatchObject({ duplicateKind: 'IDENTIFIER', duplicateOf: { id: (byPosition.get(2) as any).id } });
      expect(byPosition.get(12)).toMatchObject({ duplicateKind: 'STRICT', duplicateOf: { id: (byPosition.get(3) as any).id } });
    });

    it('offers a similar title as a possible duplicate for a person, who can confirm, reject, and undo a merge', async () => {
      const second = [
        { title: 'Autologous adipose derived stromal vascular fraction in fingers of patients with systemic sclerosis', authors: ['Granel, B'], year: 2015, journal: 'Annals of the Rheumatic Diseases' },
        { title: 'Mouse models of fibrosis: a review', authors: ['Roe, B'], year: 2016, journal: 'Nat Rev' },
        { title: 'Lipofilling for the hands in scleroderma: a randomised trial', authors: ['Del Papa, N'], year: 2019, journal: 'Plast Reconstr Surg' },
      ];
      const answer = dataOf(await app.gql(q.importSearch, { input: { reviewId, source: 'Embase', searchedOn: '2021-02-01', content: ris(second) } }, as('Eve')));
      expect(answer.importSearch).toMatchObject({ records: 3, duplicates: 0, newRecords: 3 });
      expect(answer.importSearch.possibleDuplicates).toBeGreaterThanOrEqual(1);
      const possible = dataOf(await app.gql(q.possible, { id: reviewId }, as('Ann'))).review.possibleDuplicates;
      const granel = possible.find((c: any) => c.other.title.startsWith('Autologous adipose-derived'));
      expect(granel.record.title).toBe(second[0].title);
      expect(granel.similarity).toBeGreaterThanOrEqual(0.9);
      expect(dataOf(await app.gql(q.confirm, { id: granel.id }, as('Dan'))).confirmDuplicate.errors[0].message).toMatch(/decide possible duplicates/);
      expect(dataOf(await app.gql(q.confirm, { id: granel.id }, as('Ann'))).confirmDuplicate).toEqual({ candidate: { status: 'confirmed' }, errors: [] });
      expect(dataOf(await app.gql(q.confirm, { id: granel.id }, as('Ann'))).confirmDuplicate.errors[0].message).toBe('this possible duplicate was already confirmed');
      // Undone: the record stands alone again and is screened; the pair is now known apart.
      const undone = dataOf(await app.gql(q.undoMerge, { id: granel.record.id }, as('Ann'))).undoMerge;
      expect(undone).toMatchObject({ record: { duplicateOf: null, titleAbstractStatus: 'AWAITING' }, errors: [] });
      // …and merged again by a person's decision is not possible through the old candidate; it is rejected now.
      expect(dataOf(await app.gql(q.reject, { id: granel.id }, as('Ann'))).rejectDuplicate.errors[0].message).toBe('this possible duplicate was already rejected');
      for (const other of dataOf(await app.gql(q.possible, { id: reviewId }, as('Ann'))).review.possibleDuplicates) {
        expect(dataOf(await app.gql(q.reject, { id: other.id }, as('Ann'))).rejectDuplicate.errors).toEqual([]);
      }
      expect(dataOf(await app.gql(q.possible, { id: reviewId }, as('Ann'))).review.possibleDuplicates).toEqual([]);
      for (const record of second) {
        const list = dataOf(await app.gql(`query($id: ID!, $t: String) { review(id: $id) { recordsConnection(first: 5, text: $t) { edges { node { id title duplicateOf { id } } } } } }`, { id: reviewId, t: record.title }, as('Ann')));
        for (const edge of list.review.recordsConnection.edges) if (edge.node.title === record.title && !edge.node.duplicateOf) titles.set(record.title, edge.node.id);
      }
    });

    it('keeps votes blind until both screeners have voted, then shows them; agreement decides', async () => {
      const granel = idOf(first[0].title);
      const queue = dataOf(await app.gql(q.queue, { id: reviewId, stage: 'TITLE_ABSTRACT' }, as('Ann'))).review;
      expect(queue.screeningQueue).toHaveLength(13);
      expect(queue.screeningQueue[0].id).toBe(granel);
      expect(queue.screeningProgress).toMatchObject({ total: 13, awaiting: 13, myVotes: 0, myQueue: 13 });

      expect(dataOf(await app.gql(q.vote, { input: { recordId: granel, stage: 'TITLE_ABSTRACT', decision: 'INCLUDE' } }, as('Dan'))).castScreeningVote.errors[0].message).toMatch(/screen records/);
      expect(dataOf(await app.gql(q.vote, { input: { recordId: granel, stage: 'TITLE_ABSTRACT', decision: 'INCLUDE' } }, as('Ann'))).castScreeningVote).toMatchObject({ record: { titleAbstractStatus: 'AWAITING' }, errors: [] });
      const seenByAnn = dataOf(await app.gql(q.record, { id: reviewId, recordId: granel, stage: 'TITLE_ABSTRACT' }, as('Ann'))).review.record;
      expect(seenByAnn).toEqual({ id: granel, votesIn: 1, myVote: { decision: 'INCLUDE' }, votes: null });
      const seenByBen = dataOf(await app.gql(q.record, { id: reviewId, recordId: granel, stage: 'TITLE_ABSTRACT' }, as('Ben'))).review.record;
      expect(seenByBen).toEqual({ id: granel, votesIn: 1, myVote: null, votes: null });
      // Ann's queue moved on; Ben's still starts with it.
      expect(dataOf(await app.gql(q.queue, { id: reviewId, stage: 'TITLE_ABSTRACT' }, as('Ann'))).review.screeningQueue[0].id).not.toBe(granel);
      expect(dataOf(await app.gql(q.queue, { id: reviewId, stage: 'TITLE_ABSTRACT' }, as('Ben'))).review.screeningQueue[0].id).toBe(granel);

      expect(dataOf(await app.gql(q.vote, { input: { recordId: granel, stage: 'TITLE_ABSTRACT', decision: 'MAYBE' } }, as('Ben'))).castScreeningVote.record).toMatchObject({ titleAbstractStatus: 'INCLUDE', fullTextStatus: 'AWAITING' });
      const seen = dataOf(await app.gql(q.record, { id: reviewId, recordId: granel, stage: 'TITLE_ABSTRACT' }, as('Ann'))).review.record;
      expect(seen.votes).toEqual([
        { decision: 'INCLUDE', screener: 'Ann', reason: null },
        { decision: 'MAYBE', screener: 'Ben', reason: null },
      ]);
      // A third vote is more than the review asks for; a vote once both are in cannot change.
      expect(dataOf(await app.gql(q.vote, { input: { recordId: granel, stage: 'TITLE_ABSTRACT', decision: 'EXCLUDE' } }, as('Cat'))).castScreeningVote.errors[0].message).toMatch(/already has the 2 votes on its title and abstract the review asks for/);
      expect(dataOf(await app.gql(q.vote, { input: { recordId: granel, stage: 'TITLE_ABSTRACT', decision: 'EXCLUDE' } }, as('Ann'))).castScreeningVote.errors[0].message).toMatch(/are in and visible to its screeners/);
    });

    it('lets a screener undo a vote while the other has not voted', async () => {
      const id = idOf(first[5].title);
      await app.gql(q.vote, { input: { recordId: id, stage: 'TITLE_ABSTRACT', decision: 'INCLUDE' } }, as('Ann'));
      const undoable = `query($id: ID!) { review(id: $id) { screeningUndoable(stage: TITLE_ABSTRACT) { id myVote(stage: TITLE_ABSTRACT) { decision } } } }`;
      // Granel has both votes in (no longer undoable); this one waits for Ben.
      expect(dataOf(await app.gql(undoable, { id: reviewId }, as('Ann'))).review.screeningUndoable).toEqual([{ id, myVote: { decision: 'INCLUDE' } }]);
      expect(dataOf(await app.gql(undoable, { id: reviewId }, as('Ben'))).review.screeningUndoable).toEqual([]);
      expect(dataOf(await app.gql(q.withdraw, { input: { recordId: id, stage: 'TITLE_ABSTRACT' } }, as('Ann'))).withdrawScreeningVote.errors).toEqual([]);
      expect(dataOf(await app.gql(undoable, { id: reviewId }, as('Ann'))).review.screeningUndoable).toEqual([]);
      expect(dataOf(await app.gql(q.record, { id: reviewId, recordId: id, stage: 'TITLE_ABSTRACT' }, as('Ann'))).review.record).toMatchObject({ votesIn: 0, myVote: null });
      expect(dataOf(await app.gql(q.withdraw, { input: { recordId: id, stage: 'TITLE_ABSTRACT' } }, as('Ann'))).withdrawScreeningVote.errors[0].message).toMatch(/you have no vote on the title and abstract/);
    });

    it('makes a disagreement a conflict for an arbiter who did not vote', async () => {
      const id = idOf(first[3].title);
      await app.gql(q.vote, { input: { recordId: id, stage: 'TITLE_ABSTRACT', decision: 'INCLUDE' } }, as('Ann'));
      const voted = dataOf(await app.gql(q.vote, { input: { recordId: id, stage: 'TITLE_ABSTRACT', decision: 'EXCLUDE' } }, as('Ben'))).castScreeningVote;
      expect(voted.record.titleAbstractStatus).toBe('CONFLICT');
      const conflicts = dataOf(await app.gql(`query($id: ID!) { review(id: $id) { screeningConflicts(stage: TITLE_ABSTRACT) { id votes(stage: TITLE_ABSTRACT) { decision screener } } } }`, { id: reviewId }, as('Cat'))).review.screeningConflicts;
      expect(conflicts).toEqual([{ id, votes: [{ decision: 'INCLUDE', screener: 'Ann' }, { decision: 'EXCLUDE', screener: 'Ben' }] }]);
      expect(dataOf(await app.gql(q.resolve, { input: { recordId: id, stage: 'TITLE_ABSTRACT', decision: 'INCLUDE' } }, as('Ann'))).resolveScreeningConflict.errors[0].message).toMatch(/resolve screening conflicts/);
      const resolved = dataOf(await app.gql(q.resolve, { input: { recordId: id, stage: 'TITLE_ABSTRACT', decision: 'INCLUDE' } }, as('Cat'))).resolveScreeningConflict;
      expect(resolved).toMatchObject({ record: { titleAbstractStatus: 'INCLUDE', fullTextStatus: 'AWAITING' }, errors: [] });
      expect(dataOf(await app.gql(q.resolve, { input: { recordId: id, stage: 'TITLE_ABSTRACT', decision: 'EXCLUDE' } }, as('Cat'))).resolveScreeningConflict.errors[0].message).toMatch(/has no conflict on its title and abstract to resolve/);
    });

    it('an arbiter who voted on the record cannot settle its conflict', async () => {
      const id = idOf(first[4].title);
      await app.gql(q.vote, { input: { recordId: id, stage: 'TITLE_ABSTRACT', decision: 'INCLUDE' } }, as('Eve'));
      await app.gql(q.vote, { input: { recordId: id, stage: 'TITLE_ABSTRACT', decision: 'EXCLUDE' } }, as('Ben'));
      expect(dataOf(await app.gql(q.resolve, { input: { recordId: id, stage: 'TITLE_ABSTRACT', decision: 'INCLUDE' } }, as('Eve'))).resolveScreeningConflict.errors[0].message).toMatch(/a conflict is resolved by someone who did not \(a third person\)/);
      expect(dataOf(await app.gql(q.resolve, { input: { recordId: id, stage: 'TITLE_ABSTRACT', decision: 'INCLUDE' } }, as('Cat'))).resolveScreeningConflict.errors).toEqual([]);
    });

    it('screens the rest, then full texts: an exclusion needs one of the review\'s reasons, and different reasons are a conflict', async () => {
      const decide = async (title: string, ann: string, ben: string, stage = 'TITLE_ABSTRACT', reasons: [string | null, string | null] = [null, null]) => {
        const recordId = idOf(title);
        for (const [who, decision, reason] of [['Ann', ann, reasons[0]], ['Ben', ben, reasons[1]]] as const) {
          const answer = dataOf(await app.gql(q.vote, { input: { recordId, stage, decision, reason } }, as(who))).castScreeningVote;
          expect(answer.errors).toEqual([]);
        }
      };
      await decide(first[1].title, 'INCLUDE', 'INCLUDE');
      await decide(first[2].title, 'INCLUDE', 'INCLUDE');
      await decide(first[5].title, 'EXCLUDE', 'EXCLUDE');
      await decide(first[6].title, 'INCLUDE', 'INCLUDE');
      await decide(first[7].title, 'INCLUDE', 'INCLUDE');
      await decide(first[8].title, 'EXCLUDE', 'EXCLUDE');
      await decide(first[9].title, 'EXCLUDE', 'INCLUDE');

      const fullText = (title: string) => ({ recordId: idOf(title), stage: 'FULL_TEXT' });
      const noReason = dataOf(await app.gql(q.vote, { input: { ...fullText(first[6].title), decision: 'EXCLUDE' } }, as('Ann'))).castScreeningVote;
      expect(noReason.errors).toEqual([{ field: ['input', 'reason'], message: expect.stringMatching(/^give the reason for excluding the full text, one of: 'wrong population', /) }]);
      const unknown = dataOf(await app.gql(q.vote, { input: { ...fullText(first[6].title), decision: 'EXCLUDE', reason: 'too small' } }, as('Ann'))).castScreeningVote;
      expect(unknown.errors[0]).toMatchObject({ field: ['input', 'reason'], message: expect.stringMatching(/^'too small' is not one of the review's exclusion reasons/) });
      expect(dataOf(await app.gql(q.vote, { input: { ...fullText(first[5].title), decision: 'INCLUDE' } }, as('Ann'))).castScreeningVote.errors[0].message).toMatch(/has not been included on its title and abstract/);

      await decide(first[0].title, 'INCLUDE', 'INCLUDE', 'FULL_TEXT');
      await decide(first[1].title, 'INCLUDE', 'INCLUDE', 'FULL_TEXT');
      await decide(first[6].title, 'EXCLUDE', 'EXCLUDE', 'FULL_TEXT', ['wrong study design', 'Wrong study design']);
      await decide(first[7].title, 'EXCLUDE', 'EXCLUDE', 'FULL_TEXT', ['wrong outcomes', 'wrong population']);
      const conflict = dataOf(await app.gql(q.records, { id: reviewId, filter: 'CONFLICTS' }, as('Cat'))).review.recordsConnection.edges.map((e: any) => e.node);
      expect(conflict.map((r: any) => r.title).sort()).toEqual([first[7].title, first[9].title].sort());
      const resolved = dataOf(await app.gql(q.resolve, { input: { ...fullText(first[7].title), decision: 'EXCLUDE' } }, as('Cat'))).resolveScreeningConflict;
      expect(resolved.errors[0].field).toEqual(['input', 'reason']);
      expect(dataOf(await app.gql(q.resolve, { input: { ...fullText(first[7].title), decision: 'EXCLUDE', reason: 'wrong outcomes' } }, as('Cat'))).resolveScreeningConflict.record).toMatchObject({ fullTextStatus: 'EXCLUDE', fullTextReason: 'wrong outcomes' });
      // Keyszer's full text (included by the arbiter) could not be obtained.
      expect(dataOf(await app.gql(q.notRetrieved, { id: idOf(first[3].title), retrieved: false }, as('Ann'))).markFullTextRetrieval.record.fullTextStatus).toBe('NOT_RETRIEVED');
    });

    it("gives Cohen's kappa per stage with the Handbook's caution", async () => {
      const agreement = dataOf(await app.gql(q.agreement, { id: reviewId, stage: 'TITLE_ABSTRACT' }, as('Dan'))).review.screeningAgreement;
      // Pairs (first two votes): granel I/M, keyszer I/E, zhang I/E, park I/I, almadori I/I, survey E/E, blezien I/I, virzi I/I, mouse E/E, scuderi E/I.
      const pairs: [string, string][] = [['i', 'm'], ['i', 'e'], ['i', 'e'], ['i', 'i'], ['i', 'i'], ['e', 'e'], ['i', 'i'], ['i', 'i'], ['e', 'e'], ['e', 'i']];
      const po = pairs.filter(([a, b]) => a === b).length / pairs.length;
      const count = (side: 0 | 1, c: string) => pairs.filter((p) => p[side] === c).length;
      const pe = ['i', 'e', 'm'].reduce((sum, c) => sum + count(0, c) * count(1, c), 0) / pairs.length ** 2;
      expect(agreement.records).toBe(10);
      expect(agreement.observedAgreement).toBeCloseTo(po, 12);
      expect(agreement.chanceAgreement).toBeCloseTo(pe, 12);
      expect(agreement.kappa).toBeCloseTo((po - pe) / (1 - pe), 12);
      expect(agreement.caution).toMatch(/Cochrane Handbook/);
    });

    it('makes an included record a study, and another a report of it; a record not included cannot', async () => {
      expect(dataOf(await app.gql(q.include, { input: { recordId: idOf(first[5].title), newStudy: { label: 'Doe 2018' } } }, as('Eve'))).includeRecord.errors[0].message).toMatch(/has not been included on its full text/);
      expect(dataOf(await app.gql(q.include, { input: { recordId: idOf(first[0].title), newStudy: { label: 'Granel 2015' } } }, as('Ann'))).includeRecord.errors[0].message).toMatch(/add included records as studies/);
      const made = dataOf(await app.gql(q.include, { input: { recordId: idOf(first[0].title), newStudy: { label: 'Granel 2015', registryId: 'NCT01813279' } } }, as('Eve'))).includeRecord;
      expect(made.errors).toEqual([]);
      expect(made.study).toMatchObject({ label: 'Granel 2015', year: 2015, reports: [{ kind: 'PUBLICATION', doi: '10.1136/annrheumdis-2014-205681' }] });
      expect(made.study.reports[0].citation).toMatch(/^Granel, B, Daumas, A\. Autologous adipose-derived stromal vascular fraction .+\. Ann Rheum Dis\. 2015\. doi:10\.1136\/annrheumdis-2014-205681$/);
      const waiting = dataOf(await app.gql(q.records, { id: reviewId, filter: 'NOT_YET_STUDIES' }, as('Dan'))).review.recordsConnection.edges.map((e: any) => e.node.title);
      expect(waiting).toEqual([first[1].title]);
      const report = dataOf(await app.gql(q.include, { input: { recordId: idOf(first[1].title), studyId: made.study.id } }, as('Eve'))).includeRecord;
      expect(report).toMatchObject({ record: { includedAs: 'report', study: { id: made.study.id } }, report: { kind: 'PUBLICATION' }, errors: [] });
      expect(report.study.reports).toHaveLength(2);
      expect(dataOf(await app.gql(q.records, { id: reviewId, filter: 'NOT_YET_STUDIES' }, as('Dan'))).review.recordsConnection.totalCount).toBe(0);
      expect(dataOf(await app.gql(q.include, { input: { recordId: idOf(first[1].title), studyId: made.study.id } }, as('Eve'))).includeRecord.errors[0].message).toMatch(/already a report of a study/);
      // Its screening cannot change now.
      expect(dataOf(await app.gql(q.resolve, { input: { recordId: idOf(first[0].title), stage: 'FULL_TEXT', decision: 'EXCLUDE', reason: 'wrong outcomes' } }, as('Cat'))).resolveScreeningConflict.errors[0].message).toMatch(/no conflict/);
    });

    it('computes the PRISMA 2020 flow of the round from the searches and decisions, naming what is still open', async () => {
      const flow = dataOf(await app.gql(q.flow, { id: reviewId }, as('Dan'))).review.prismaFlow;
      expect(flow).toMatchObject({
        round: { number: 1 },
        previous_studies: 0,
        previous_reports: 0,
        database_results: 15,
        database_specific_results: [
          { source: 'MEDLINE via PubMed', count: 12 },
          { source: 'Embase', count: 3 },
        ],
        register_results: 0,
        duplicates: 2,
        duplicates_by_source: [{ source: 'MEDLINE via PubMed', count: 2 }],
        excluded_other: 0,
        records_screened: 13,
        records_excluded: 2,
        dbr_sought_reports: 7,
        dbr_notretrieved_reports: 1,
        dbr_assessed: 6,
        dbr_excluded: [
          { reason: 'wrong outcomes', count: 1 },
          { reason: 'wrong study design', count: 1 },
        ],
        new_studies: 1,
        new_reports: 2,
        total_studies: 1,
        total_reports: 2,
      });
      // Scuderi in conflict, Granel-2 / mouse review / Del Papa not screened on title; Almadori and Zhang's full texts wait.
      expect(flow.awaiting).toMatchObject({ titleAbstract: 3, fullText: 2, notYetStudies: 0, possibleDuplicates: 0 });
      expect(flow.checks).toEqual([
        '4 records still wait for title and abstract screening (1 conflict for an arbiter)',
        '2 full texts still wait for assessment (0 conflicts for an arbiter)',
      ]);
    });

    it('re-decides every record when the review asks for one screener instead of two', async () => {
      const id = idOf(first[2].title); // Almadori: included on title by both, full text waiting
      await app.gql(q.vote, { input: { recordId: id, stage: 'FULL_TEXT', decision: 'INCLUDE' } }, as('Ann'));
      const changed = dataOf(await app.gql(q.settings, { input: { reviewId, screenersPerRecord: 1 } }, as('Eve'))).updateScreeningSettings;
      expect(changed).toMatchObject({ settings: { screenersPerRecord: 1 }, errors: [] });
      const list = dataOf(await app.gql(q.records, { id: reviewId, filter: 'INCLUDED' }, as('Dan'))).review.recordsConnection.edges.map((e: any) => e.node.title);
      expect(list).toContain(first[2].title);
      const refused = dataOf(await app.gql(q.settings, { input: { reviewId, screenersPerRecord: 0, exclusionReasons: ['a', 'A'] } }, as('Eve'))).updateScreeningSettings;
      expect(refused.errors).toEqual([
        { field: ['input', 'screenersPerRecord'], message: 'screenersPerRecord must be at least 1' },
        { field: ['input', 'exclusionReasons', '1'], message: "exclusionReasons lists 'A' twice" },
      ]);
    });
    it('links a record that names a trial of the review to its study and to the other records of that trial, without merging them', async () => {
      const later = [
        { title: 'Adipose-derived stromal vascular fraction in systemic sclerosis: 12-month follow-up', authors: ['Guillaume-Jugnot, P'], year: 2016, journal: 'Rheumatology', abstract: 'Follow-up of the SCLERADEC I trial (NCT01813279).' },
        { title: 'Long-term follow-up after SVF injection into fingers in systemic sclerosis', authors: ['Daumas, A'], year: 2017, journal: 'Curr Res Transl Med', abstract: 'Registered as NCT01813279.' },
      ];
      const answer = dataOf(await app.gql(q.importSearch, { input: { reviewId, source: 'Embase', searchedOn: '2021-02-01', content: ris(later) } }, as('Eve'))).importSearch;
      expect(answer).toMatchObject({ records: 2, duplicates: 0, newRecords: 2 });
      const found = dataOf(await app.gql(`query($id: ID!, $t: String) { review(id: $id) { recordsConnection(first: 5, text: $t) { edges { node { id nctIds duplicateOf { id } sameTrialStudies { label } sameTrialRecords { title } } } } } }`, { id: reviewId, t: '12-month follow-up' }, as('Ann'))).review.recordsConnection.edges;
      expect(found).toEqual([{ node: { id: expect.any(String), nctIds: ['NCT01813279'], duplicateOf: null, sameTrialStudies: [{ label: 'Granel 2015' }], sameTrialRecords: [{ title: later[1].title }] } }]);
    });
    it('sends a subscriber to newRecordsToScreen the imports since the version it holds, then new ones live', async () => {
      const query = `subscription($id: ID!, $since: Int) { newRecordsToScreen(reviewId: $id, sinceVersion: $since) { version action newRecords summary } }`;
      const stream = await subscribeSse(server.url, query, { id: reviewId, since: 0 }, as('Ann'));
      try {
        const missed = (await stream.take(3)).map((event: any) => event.data.newRecordsToScreen);
        expect(missed.map((event: any) => event.newRecords)).toEqual([10, 3, 2]);
        expect(missed[0].summary).toMatch(/^10 new records to screen from MEDLINE via PubMed/);
        await app.gql(q.importSearch, { input: { reviewId, source: 'CENTRAL', searchedOn: '2021-02-01', content: ris([{ title: 'A new trial of cord MSCs', authors: ['Li, X'], year: 2021, journal: 'Lancet Rheumatol' }]) } }, as('Eve'));
        const [live] = await stream.take(1);
        expect((live as any).data.newRecordsToScreen).toMatchObject({ action: 'importSearch', newRecords: 1, summary: expect.stringMatching(/^1 new record to screen from CENTRAL \(1 record: 0 duplicates\)$/) });
      } finally {
        stream.close();
      }
    });
    it("shows what the round's new studies changed in the analyses", async () => {
      const studies = dataOf(await app.gql(`query($id: ID!) { review(id: $id) { studies { id label } } }`, { id: reviewId }, as('Dan'))).review.studies;
      const granel = studies.find((study: any) => study.label === 'Granel 2015');
      const outcome = dataOf(await app.gql(mutations.addOutcome, { input: { reviewId, name: 'Digital ulcers healed', measure: 'OR' } }, as('Eve'))).addOutcome.outcome;
      const recorded = dataOf(await app.gql(mutations.recordStudyData, { input: { outcomeId: outcome.id, studyId: granel.id, events1: 8, n1: 12, events2: 3, n2: 12 } }, as('Eve'))).recordStudyData;
      expect(recorded.errors).toEqual([]);
      const rounds = dataOf(await app.gql(`query($id: ID!) { review(id: $id) { updateRounds { number analysisChanges { outcome { name } before { k } after { k estimate ciLower ciUpper } } } } }`, { id: reviewId }, as('Dan'))).review.updateRounds;
      expect(rounds).toHaveLength(1);
      expect(rounds[0].analysisChanges).toEqual([
        { outcome: { name: 'Digital ulcers healed' }, before: null, after: { k: 1, estimate: recorded.outcome.analysis.estimate, ciLower: recorded.outcome.analysis.ciLower, ciUpper: recorded.outcome.analysis.ciUpper } },
      ]);
      // Odds ratio of 8/12 against 3/12: (8·9)/(4·3) = 6.
      expect(rounds[0].analysisChanges[0].after.estimate).toBeCloseTo(6, 10);
    });
  });
}
