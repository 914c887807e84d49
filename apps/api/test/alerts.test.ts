/* eslint-disable @typescript-eslint/no-explicit-any -- tests read GraphQL results by path */
// Magnesium replayed through the API on a real port: an alert at each change of significance, direction,
// GRADE certainty or trial sequential verdict, and at no other write. The expected sequence is computed
// directly with @cumulus/stats; the change log, the conclusionChanged subscription, a real webhook receiver
// and the demo loader must all agree with it.
import { createHmac } from 'node:crypto';
import { analyzeOutcome, conclusionChanges, type BinaryStudy, type OutcomeAnalysis } from '@cumulus/stats';
import { loadMagnesiumTrials } from '@cumulus/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMagnesiumReview } from '../src/demo/load-demo.js';
import { replayMagnesium, type ReplayStep } from '../src/demo/replay-magnesium.js';
import { startServer, type RunningServer } from '../src/server.js';
import { adminSecret, dataOf, dialects, testApp, testDatabase, type DialectName, type TestApp } from './helpers.js';
import { startReceiver, type Receiver } from './receiver.js';
import { subscribeSse, type EventStream } from './streams.js';

/** The alerts of each trial, computed directly: analyse the first i trials, compare with the first i - 1. */
function expectedAlerts(): { label: string; alerts: { kind: string; from: string | null; to: string | null; message: string }[] }[] {
  const trials = loadMagnesiumTrials();
  const studies: BinaryStudy[] = trials.map((t, i) => ({
    id: `trial-${i}`,
    year: t.year,
    events1: t.events1,
    n1: t.n1,
    events2: t.events2,
    n2: t.n2,
    design: 'randomised',
    participants: t.n1 + t.n2,
  }));
  let before: OutcomeAnalysis | null = null;
  return trials.map((trial, i) => {
    const after = analyzeOutcome(studies.slice(0, i + 1), {
      measure: 'OR',
      model: 'fixed',
      method: 'IV',
      tau2Estimator: 'DL',
      ciMethod: 'z',
      preset: 'metafor',
      sequential: { relativeRiskReduction: 0.1 },
    });
    const alerts = conclusionChanges(before, after).map(({ kind, from, to, message }) => ({ kind, from, to, message }));
    before = after;
    return { label: trial.label, alerts };
  });
}

const alertsQuery = `subscription($id: ID!, $since: Int) {
  conclusionChanged(reviewId: $id, sinceVersion: $since) { version action changes { kind from to message outcome { name version } } }
}`;

const enumOf = (kind: string) => kind.toUpperCase().replaceAll('-', '_');

const suites = await dialects('conclusion-change alerts');

describe.each(suites)('conclusion-change alerts on %s', (dialect: DialectName) => {
  let app: TestApp;
  let server: RunningServer;
  let receiver: Receiver;
  let dispose: () => Promise<void>;
  let stream: EventStream<any>;
  let replay: { reviewId: string; outcomeId: string; steps: ReplayStep[] };
  const printed: string[] = [];
  const expected = expectedAlerts();
  const secret = 'magnesium-webhook-secret-0123456789';

  beforeAll(async () => {
    const test = await testDatabase(dialect);
    dispose = test.dispose;
    app = testApp(test.database, { webhooks: { allowPrivateAddresses: true } }); // the receiver listens on 127.0.0.1
    server = await startServer(app.yoga, { port: 0, host: '127.0.0.1' });
    receiver = await startReceiver();
    replay = await replayMagnesium({
      url: server.url,
      token: adminSecret,
      print: (line) => printed.push(line),
      // Subscribe and register a webhook once the review exists, before the first trial.
      onReady: async ({ reviewId }) => {
        stream = await subscribeSse(server.url, alertsQuery, { id: reviewId });
        const registered = dataOf(
          await app.gql(`mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { webhook { id url } secret errors { message } } }`, {
            input: { reviewId, url: receiver.url, secret },
          }),
        ).registerWebhook;
        expect(registered.errors).toEqual([]);
        expect(registered.secret).toBe(secret);
      },
    });
  });
  afterAll(async () => {
    stream?.close();
    await server?.close();
    await receiver?.close();
    await app?.close();
    await dispose?.();
  });

  it('records an alert in the change log at each change of conclusion, and at no other write (certainty by GRADE guidance 34 and 35 against the 10% relative risk reduction)', async () => {
    const changes = dataOf(
      await app.gql(`query($id: ID!) { review(id: $id) { changes(first: 50) { version action conclusionChanges { kind from to message outcomeId } } } }`, { id: replay.reviewId }),
    ).review.changes as any[];
    const byVersion = new Map(changes.map((change) => [change.version, change]));
    // Every write, including the addStudy writes between the data, is in the log; only data writes may carry alerts.
    for (const change of changes) if (change.action !== 'recordStudyData') expect(change.conclusionChanges).toEqual([]);
    const recorded = replay.steps.map((step) => byVersion.get(step.version).conclusionChanges.map(({ outcomeId: _o, ...alert }: any) => alert));
    expect(recorded).toEqual(expected.map((step) => step.alerts.map((alert) => ({ ...alert, kind: enumOf(alert.kind) }))));
    expect(replay.steps.map((step) => step.alerts.map((alert) => ({ ...alert, kind: alert.kind })))).toEqual(recorded);
    // The sequence itself, as a reader would tell it. Certainty follows GRADE guidance 34/35 against OR 0.90 and 1.11 (the
    // TSA's 10% relative risk reduction): far below the optimal information size the early trials are very low (imprecision
    // -3); Rasmussen's CI crosses only the benefit threshold (low); LIMIT-2's crosses it again with the trials split either
    // side (very low); after ISIS-4, OR 1.01 (0.96 to 1.08) is precise evidence of little or no effect, rated down for
    // inconsistency and small-study asymmetry only (low).
    const told = expected.flatMap((step) => step.alerts.map((alert) => `${step.label}: ${alert.kind} ${alert.from} → ${alert.to}`));
    expect(told).toEqual([
      'Rasmussen 1986: significance-gained not significant → significant',
      'Rasmussen 1986: certainty-changed very-low → low',
      'LIMIT-2 1992: certainty-changed low → very-low',
      'Shechter 1995: sequential-verdict-changed not-yet-conclusive → firm-evidence-of-effect',
      'ISIS-4 1995: significance-lost significant → not significant',
      'ISIS-4 1995: direction-flipped below → above',
      'ISIS-4 1995: certainty-changed very-low → low',
      'ISIS-4 1995: sequential-verdict-changed firm-evidence-of-effect → firm-evidence-of-no-effect',
    ]);
  });

  it('prints each alert as it happens, and the sequential verdict beside the P value', () => {
    const isis = printed.findIndex((line) => line.includes('ISIS-4'));
    expect(printed[isis]).toMatch(/ISIS-4 +16 +1\.01 \(0\.96 to 1\.08\) +0\.\d{3} +firm evidence of no effect/);
    expect(printed.slice(isis + 1, isis + 5).map((line) => line.trim().split(':')[0])).toEqual([
      '⚑ significance lost',
      '⚑ direction flipped',
      '⚑ certainty changed',
      '⚑ sequential verdict changed',
    ]);
    expect(printed.find((line) => line.includes('LIMIT-2'))).toMatch(/<0\.001 +not yet conclusive/);
    expect(printed.at(-1)).toMatch(/relative risk reduction 10%, control risk 11\.6%/);
  });

  it('gives the outcome its final verdict under the stated assumptions: firm evidence of no effect after ISIS-4', async () => {
    const { analysis } = dataOf(
      await app.gql(`query($id: ID!) { outcome(id: $id) { analysis { pValue informationSize { participants assumptions } sequential { verdict requiredInformationSize adjustedCi { estimate lower upper boundary } looks { z boundary informationFraction } } } } }`, {
        id: replay.outcomeId,
      }),
    ).outcome;
    expect(analysis.sequential.verdict).toBe('FIRM_EVIDENCE_OF_NO_EFFECT');
    expect(analysis.sequential.looks).toHaveLength(16);
    expect(analysis.sequential.looks.slice(0, 14).every((look: any) => look.informationFraction < 1)).toBe(true);
    // Past the information size the boundary is the conventional one, and the adjusted CI the ordinary CI.
    expect(analysis.sequential.adjustedCi.boundary).toBeCloseTo(1.96, 2);
    expect(analysis.sequential.adjustedCi.estimate).toBeCloseTo(1.01, 2);
    expect(analysis.informationSize.assumptions).toMatch(/^relative risk reduction 10%, control risk 11\.6%/);
  });

  it('pushes the same alerts on conclusionChanged after commit, one event per write that changed a conclusion', async () => {
    const withAlerts = expected.filter((step) => step.alerts.length > 0);
    const events = (await stream.take(withAlerts.length)).map((event) => event.data.conclusionChanged);
    expect(events.map((event) => event.changes.map((c: any) => ({ kind: c.kind, from: c.from, to: c.to, message: c.message })))).toEqual(
      withAlerts.map((step) => step.alerts.map((alert) => ({ ...alert, kind: enumOf(alert.kind) }))),
    );
    expect(events.every((event) => event.action === 'recordStudyData' && event.changes.every((c: any) => c.outcome.name === 'Mortality' && c.outcome.version === event.version))).toBe(true);
  });

  it('sends a subscriber who joins late with sinceVersion every alert after that version first, as the live subscriber got them', async () => {
    const withAlerts = expected.filter((step) => step.alerts.length > 0);
    const late = await subscribeSse(server.url, alertsQuery, { id: replay.reviewId, since: 0 });
    const events = (await late.take(withAlerts.length)).map((event) => event.data.conclusionChanged);
    late.close();
    expect(events.map((event) => event.changes.map((c: any) => ({ kind: c.kind, from: c.from, to: c.to, message: c.message })))).toEqual(
      withAlerts.map((step) => step.alerts.map((alert) => ({ ...alert, kind: enumOf(alert.kind) }))),
    );
    const versions = events.map((event) => event.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
  });

  it('delivers them to a registered webhook: one signed JSON POST per write that changed a conclusion', async () => {
    const withAlerts = expected.filter((step) => step.alerts.length > 0);
    const requests = await receiver.waitFor(withAlerts.length);
    const bodies = requests.map((request) => JSON.parse(request.body)).sort((a, b) => a.version - b.version);
    expect(bodies.map((body) => body.changes.map((c: any) => ({ kind: c.kind, from: c.from, to: c.to, message: c.message })))).toEqual(withAlerts.map((step) => step.alerts));
    for (const request of requests) {
      const timestamp = request.headers['cumulus-timestamp'] as string;
      const expectedSignature = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex')}`;
      expect(request.headers['cumulus-signature']).toBe(expectedSignature);
      expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(60);
      expect(request.headers['content-type']).toBe('application/json');
      expect(JSON.parse(request.body)).toMatchObject({ event: 'conclusion.changed', reviewId: replay.reviewId, deliveryId: request.headers['cumulus-delivery'] });
    }
  });
});

describe('the demo loader', () => {
  it('records the same alerts for the magnesium demo review as the replay', async () => {
    const test = await testDatabase('sqlite');
    const app = testApp(test.database);
    try {
      const reviewId = await loadMagnesiumReview({ database: app.database, events: app.events });
      const log = dataOf(
        await app.gql(`query($id: ID!) { review(id: $id) { conclusionChanges(first: 100) { version kind from to message } } }`, { id: reviewId }),
      ).review.conclusionChanges as any[];
      // Newest version first, in order within a version: a stable sort by version restores the write order.
      const inOrder = [...log].sort((a, b) => a.version - b.version).map(({ version: _v, ...alert }) => alert);
      expect(inOrder).toEqual(expectedAlerts().flatMap((step) => step.alerts.map((alert) => ({ ...alert, kind: enumOf(alert.kind) }))));
    } finally {
      await app.close();
      await test.dispose();
    }
  });
});
