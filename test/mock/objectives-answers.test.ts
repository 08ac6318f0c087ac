import { beforeEach, describe, expect, it } from 'vitest';
import type { JsonRecord } from '../../src/store/table.ts';
import { keys, startMock } from '../support/mock.ts';

let t: ReturnType<typeof startMock>;
beforeEach(() => {
  t = startMock();
});

/*
 * The seed's answers to end_of_training:1 (questions: 0 BOOLEAN "Did you finish the course?", 1 SCALE 0–10,
 * 2 MULTIPLE Steering / Lifting pallets / Parking / Safety checks), from each session's cvr.exitpoll event:
 *   100500907  Answer0 1  Answer1 8  Answer2 1      event 690000 ms after the session's start
 *   100500908  Answer0 1  Answer1 9  Answer2 2      event 850000 ms after
 *   100500909  Answer0 0  Answer1 4  Answer2 null   event 610000 ms after (question 2 skipped)
 * The other 9 sessions of project 1001 sent no cvr.exitpoll event.
 */
const project1001 = [
  100500901, 100500902, 100500903, 100500904, 100500905, 100500906, 100500907, 100500908, 100500909, 100500910,
  100500911, 100500912,
];
const afterStart: Record<number, number> = { 100500907: 690000, 100500908: 850000, 100500909: 610000 };

const sessionIdOf = (id: number) => String(t.mock.store.tables.sessions.get(id)!.record.sessionId);

/** A new objective of one ExitPoll step on end_of_training:1, in scene version 3002. */
async function exitPollObjective(
  clusterIndex: number,
  answerOperator: string,
  answerValue: number,
): Promise<{ objectiveId: number; versionId: number }> {
  const created = await t.api('POST', '/versions/3002/objectives', {
    as: keys.acmeWrite,
    json: {
      name: `Question ${clusterIndex} ${answerOperator} ${answerValue}`,
      objectiveComponents: [
        {
          sequenceNumber: 1,
          type: 'exitpollstep',
          name: 'Answer',
          exitpollQuestionSetId: 'end_of_training:1',
          clusterIndex,
          answerOperator,
          answerValue,
        },
      ],
    },
  });
  expect(created.status).toBe(200);
  return { objectiveId: created.body.id, versionId: created.body.objectiveVersions[0].id };
}

/** Replaces the properties of a session's cvr.exitpoll event, as an SDK could have sent them. */
function answerWith(sessionId: number, properties: JsonRecord): void {
  const row = t.mock.store.tables.sessions.get(sessionId)!;
  const events = (row.internal.events ?? []).map((event) =>
    event.name === 'cvr.exitpoll' ? { ...event, properties } : event,
  );
  t.mock.store.tables.sessions.update(row.key, { internal: { events } });
}

const mean = (ids: number[]) => (ids.length ? ids.reduce((sum, id) => sum + afterStart[id]!, 0) / ids.length : null);

/**
 * Checks that exactly the sessions `passing` pass a one-step objective version, through the objective result
 * query, the step result query and the session list's objective data.
 */
async function expectPassing(versionId: number, objectiveId: number, passing: number[]): Promise<void> {
  const results = await t.api('POST', '/datasets/objectives/objectiveResultQueries', {
    as: keys.acmeRead,
    json: { projectId: 1001, objectiveVersionId: versionId },
  });
  expect(results.status).toBe(200);
  expect(results.body).toEqual([
    { objectiveVersionId: versionId, succeeded: passing.length, failed: 12 - passing.length },
  ]);
  const perObjective = await t.api('POST', '/datasets/objectives/objectiveResultQueries', {
    as: keys.acmeRead,
    json: { projectId: 1001, sliceByObjective: true, objectiveId },
  });
  expect(perObjective.body).toEqual([{ objectiveId, succeeded: passing.length, failed: 12 - passing.length }]);

  const steps = await t.api('POST', '/datasets/objectives/objectiveStepResultQueries', {
    as: keys.acmeRead,
    json: { projectId: 1001, objectiveVersionId: versionId },
  });
  expect(steps.status).toBe(200);
  expect(steps.body).toEqual([
    {
      step: 1,
      succeeded: passing.length,
      failed: 12 - passing.length,
      averageStepCompletionTime: mean(passing),
      averageStepDuration: mean(passing),
    },
  ]);

  const list = await t.api('POST', '/datasets/sessions/paginatedListQueries', {
    as: keys.acmeRead,
    json: { entityFilters: { projectId: 1001 }, sessionType: 'project', limit: 100, includeAllObjectiveData: true },
  });
  expect(list.status).toBe(200);
  const outcomes = Object.fromEntries(
    list.body.results.map((session: { id: number; objectiveResults: Record<string, { result: string }[]> }) => [
      session.id,
      session.objectiveResults[String(versionId)]!.map((step) => step.result),
    ]),
  );
  expect(outcomes).toEqual(
    Object.fromEntries(project1001.map((id) => [id, [passing.includes(id) ? 'succeeded' : 'failed']])),
  );
}

describe('ExitPoll steps pass on the answer, not on having answered', () => {
  it('BOOLEAN: the answer as 0 (false) or 1 (true)', async () => {
    const finished = await exitPollObjective(0, 'eq', 1);
    await expectPassing(finished.versionId, finished.objectiveId, [100500907, 100500908]);
    const notFinished = await exitPollObjective(0, 'eq', 0);
    await expectPassing(notFinished.versionId, notFinished.objectiveId, [100500909]);
    const either = await exitPollObjective(0, 'gte', 0);
    await expectPassing(either.versionId, either.objectiveId, [100500907, 100500908, 100500909]);
  });

  it('SCALE: the number answered', async () => {
    const confident = await exitPollObjective(1, 'gte', 8);
    await expectPassing(confident.versionId, confident.objectiveId, [100500907, 100500908]);
    const veryConfident = await exitPollObjective(1, 'gt', 8);
    await expectPassing(veryConfident.versionId, veryConfident.objectiveId, [100500908]);
    const unsure = await exitPollObjective(1, 'lt', 5);
    await expectPassing(unsure.versionId, unsure.objectiveId, [100500909]);
    const nobody = await exitPollObjective(1, 'eq', 10);
    await expectPassing(nobody.versionId, nobody.objectiveId, []);
  });

  it('MULTIPLE: the index of the answer chosen; a skipped answer never passes', async () => {
    const parking = await exitPollObjective(2, 'eq', 2);
    await expectPassing(parking.versionId, parking.objectiveId, [100500908]);
    const steeringOrLifting = await exitPollObjective(2, 'lte', 1);
    await expectPassing(steeringOrLifting.versionId, steeringOrLifting.objectiveId, [100500907]);
    const anyAnswer = await exitPollObjective(2, 'gte', 0);
    await expectPassing(anyAnswer.versionId, anyAnswer.objectiveId, [100500907, 100500908]);
  });

  it('reads true/false as 1/0 and numeric strings as numbers; a missing answer or another set does not count', async () => {
    const finished = await exitPollObjective(0, 'eq', 1);
    const confident = await exitPollObjective(1, 'gte', 7);
    const skippedNothing = await exitPollObjective(2, 'gte', 0);
    answerWith(100500907, {
      hook: 'end_of_training',
      questionSetId: 'end_of_training:1',
      duration: 22.4,
      Answer0: false,
      Answer1: '8',
      Answer2: '3',
    });
    answerWith(100500909, {
      hook: 'end_of_training',
      questionSetId: 'end_of_training:1',
      duration: 31.7,
      Answer0: true,
      Answer1: '7',
    });
    answerWith(100500908, {
      hook: 'end_of_training',
      questionSetId: 'end_of_training:2',
      duration: 18.9,
      Answer0: 1,
      Answer1: 9,
      Answer2: 2,
    });
    await expectPassing(finished.versionId, finished.objectiveId, [100500909]);
    await expectPassing(confident.versionId, confident.objectiveId, [100500907, 100500909]);
    await expectPassing(skippedNothing.versionId, skippedNothing.objectiveId, [100500907]);
  });
});

describe('the seed’s objective 501: step 3 asks "Did you finish the course?" eq 1', () => {
  it('passes the sessions that answered 1 and fails the one that answered 0, stamped at its end', async () => {
    const passed = await t.api('GET', `/versions/3002/sessions/${sessionIdOf(100500908)}/objectiveData`, {
      as: keys.acmeRead,
    });
    expect(passed.status).toBe(200);
    expect(passed.body['601'].map((step: { result: string }) => step.result)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
    const start908 = Date.parse(String(t.mock.store.tables.sessions.get(100500908)!.record.date));
    expect(passed.body['601'][2].timestamp).toBe(new Date(start908 + afterStart[100500908]!).toISOString());

    const failed = await t.api('GET', `/versions/3002/sessions/${sessionIdOf(100500909)}/objectiveData`, {
      as: keys.acmeRead,
    });
    expect(failed.body['601'].map((step: { result: string }) => step.result)).toEqual([
      'succeeded',
      'succeeded',
      'failed',
    ]);
    expect(failed.body['601'][2].timestamp).toBe(
      new Date(String(t.mock.store.tables.sessions.get(100500909)!.record.endDate)).toISOString(),
    );

    const results = await t.api('POST', '/datasets/objectives/objectiveResultQueries', {
      as: keys.acmeRead,
      json: { projectId: 1001, sliceByObjectiveVersion: true },
    });
    expect(results.body).toEqual([{ objectiveVersionId: 601, objectiveId: 501, succeeded: 2, failed: 10 }]);
  });
});
