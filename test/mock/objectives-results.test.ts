import { beforeEach, describe, expect, it } from 'vitest';
import { keys, startMock } from '../support/mock.ts';

let t: ReturnType<typeof startMock>;
beforeEach(() => {
  t = startMock();
});

/*
 * Objective 501 (version 601) in the seed, checked by hand against fixtures/default.json:
 *   step 1 eventstep "Forklift Started" gte 1  -> every one of project 1001's 12 sessions has it;
 *   step 2 gazestep on the forklift            -> every session has a gaze sample whose `o` is the forklift;
 *   step 3 exitpollstep end_of_training:1, question 0 (BOOLEAN "Did you finish the course?") eq 1
 *                                              -> only 1767605400_…, 1767697964_… and 1767886831_… (scene version 3002)
 *                                                 sent a cvr.exitpoll event; the first two answered 1, 1767886831_… 0.
 * So 2 sessions pass and 10 fail; the 3 tagged sessions (test: 2, junk: 1) are among the failures.
 */
const tagged = [
  { field: { nestedFieldName: 'booleanSessionProp', path: 'c3d.session_tag.test' }, op: 'neq', value: true },
  { field: { nestedFieldName: 'booleanSessionProp', path: 'c3d.session_tag.junk' }, op: 'neq', value: true },
];

const query = (body: Record<string, unknown>, path = '/datasets/objectives/objectiveResultQueries') =>
  t.api('POST', path, { as: keys.acmeRead, json: body });
const stepQuery = (body: Record<string, unknown>) => query(body, '/datasets/objectives/objectiveStepResultQueries');

describe('objective results', () => {
  it('counts the seeded sessions that pass objective 501, per version, per objective and in total', async () => {
    const perVersion = await query({ projectId: 1001, sliceByObjectiveVersion: true });
    expect(perVersion.status).toBe(200);
    expect(perVersion.body).toEqual([{ objectiveVersionId: 601, objectiveId: 501, succeeded: 2, failed: 10 }]);
    expect((await query({ projectId: 1001, sliceByObjective: true })).body).toEqual([
      { objectiveId: 501, succeeded: 2, failed: 10 },
    ]);
    expect((await query({ projectId: 1001 })).body).toEqual([{ succeeded: 2, failed: 10 }]);
    expect((await query({ projectId: 1001, objectiveVersionId: 601 })).body).toEqual([
      { objectiveVersionId: 601, succeeded: 2, failed: 10 },
    ]);
  });

  it('counts only the sessions that match the session and event filters', async () => {
    expect((await query({ projectId: 1001, sliceByObjectiveVersion: true, sessionFilters: tagged })).body).toEqual([
      { objectiveVersionId: 601, objectiveId: 501, succeeded: 2, failed: 7 },
    ]);
    const sinceJanuary = [
      { field: { fieldName: 'date', fieldParent: 'session' }, op: 'gte', value: Date.parse('2026-01-01T00:00:00Z') },
    ];
    expect((await query({ projectId: 1001, sessionFilters: sinceJanuary })).body).toEqual([
      { succeeded: 2, failed: 4 },
    ]);
    const answeredPoll = [{ field: { fieldName: 'name', fieldParent: 'event' }, op: 'eq', value: 'cvr.exitpoll' }];
    // 1767886831_… answered the poll, but not that it finished the course.
    expect((await query({ projectId: 1001, eventFilters: answeredPoll })).body).toEqual([{ succeeded: 2, failed: 1 }]);
  });

  it('evaluates every step type it is given: objective 503 of project 1002 (gaze, then an event)', async () => {
    // "Price Checked" is missing only from 1767812758_…; every session gazed at the display stand.
    expect((await query({ projectId: 1002, sliceByObjectiveVersion: true })).body).toEqual([
      { objectiveVersionId: 603, objectiveId: 503, succeeded: 3, failed: 1 },
    ]);
    // Objective 502 of Globex: alarm acknowledged and a fixation on the control panel, in all 4 sessions.
    expect(
      (
        await t.api('POST', '/datasets/objectives/objectiveResultQueries', {
          as: keys.globexWrite,
          json: { projectId: 2001, sliceByObjective: true },
        })
      ).body,
    ).toEqual([{ objectiveId: 502, succeeded: 4, failed: 0 }]);
  });

  it('counts a newly created objective from the stored session data', async () => {
    const created = await t.api('POST', '/versions/3002/objectives', {
      as: keys.acmeWrite,
      json: {
        name: 'Two pallets down',
        objectiveComponents: [
          {
            sequenceNumber: 1,
            type: 'eventstep',
            eventName: 'Pallet Dropped',
            occurrenceOperator: 'gte',
            occurrenceValue: 2,
          },
        ],
      },
    });
    const versionId = created.body.objectiveVersions[0].id;
    // Only 1767886831_… dropped two pallets.
    expect(
      (await query({ projectId: 1001, sliceByObjectiveVersion: true, objectiveId: created.body.id })).body,
    ).toEqual([{ objectiveVersionId: versionId, objectiveId: created.body.id, succeeded: 1, failed: 11 }]);
  });

  it('rejects an objective or version of another project (400 naming the field)', async () => {
    const objective = await query({ projectId: 1001, objectiveId: 503 });
    expect(objective.status).toBe(400);
    expect(objective.body.field).toBe('/objectiveId');
    expect((await query({ projectId: 1001, objectiveVersionId: 603 })).body.field).toBe('/objectiveVersionId');
    expect((await query({ projectId: 1001, objectiveId: 501, objectiveVersionId: 603 })).status).toBe(400);
  });

  it('answers step counts as a list for one version, or a map keyed by version id', async () => {
    const expectedSteps = [
      expect.objectContaining({ step: 1, succeeded: 12, failed: 0 }),
      expect.objectContaining({ step: 2, succeeded: 12, failed: 0 }),
      expect.objectContaining({ step: 3, succeeded: 2, failed: 10 }),
    ];
    const list = await stepQuery({ projectId: 1001, objectiveVersionId: 601 });
    expect(list.status).toBe(200);
    expect(list.body).toEqual(expectedSteps);
    const map = await stepQuery({ projectId: 1001, sliceByObjectiveVersion: true });
    expect(map.body).toEqual({ '601': expectedSteps });
    const filtered = await stepQuery({ projectId: 1001, objectiveVersionId: 601, sessionFilters: tagged });
    expect(filtered.body.map((step: { succeeded: number; failed: number }) => [step.succeeded, step.failed])).toEqual([
      [9, 0],
      [9, 0],
      [2, 7],
    ]);
    const neither = await stepQuery({ projectId: 1001 });
    expect(neither.status).toBe(400);
    expect(neither.body.field).toBe('/objectiveVersionId');
    expect((await stepQuery({ projectId: 1001, objectiveVersionId: 603 })).status).toBe(400);
  });

  it('answers per-step counts and average times over one scene version’s sessions', async () => {
    // Scene version 3002 holds 6 sessions. Times after each session's start (ms), from the seed:
    //   Forklift Started 65250, 102000, 74000, 15000, 58000, 49000
    //   forklift gaze   273938, 270630, 327900, 70725, 232860, 349200
    //   cvr.exitpoll    690000, 850000 (answered 1: finished), 610000 (answered 0: step 3 fails)
    const answer = await t.api('GET', '/versions/3002/objectiveVersions/601/stepResults', { as: keys.acmeRead });
    expect(answer.status).toBe(200);
    const [first, second, third] = answer.body;
    expect(first).toMatchObject({ step: 1, succeeded: 6, failed: 0 });
    expect(first.averageStepCompletionTime).toBeCloseTo(363250 / 6, 6);
    expect(first.averageStepDuration).toBeCloseTo(363250 / 6, 6);
    expect(second).toMatchObject({ step: 2, succeeded: 6, failed: 0 });
    expect(second.averageStepCompletionTime).toBeCloseTo(1525253 / 6, 6);
    expect(second.averageStepDuration).toBeCloseTo((1525253 - 363250) / 6, 6);
    expect(third).toMatchObject({ step: 3, succeeded: 2, failed: 4 });
    expect(third.averageStepCompletionTime).toBe(1540000 / 2);
    expect(third.averageStepDuration).toBe((1540000 - 273938 - 270630) / 2);

    // The test-tagged session 1768208102_… drops out.
    const clean = await t.api('GET', '/versions/3002/objectiveVersions/601/stepResults?excludeJunkAndTest=true', {
      as: keys.acmeRead,
    });
    expect(clean.body[0]).toMatchObject({ step: 1, succeeded: 5, failed: 0, averageStepCompletionTime: 69650 });
    expect(clean.body[2]).toMatchObject({ step: 3, succeeded: 2, failed: 3 });

    expect((await t.api('GET', '/versions/3002/objectiveVersions/603/stepResults', { as: keys.acmeRead })).status).toBe(
      404,
    );
  });

  it('answers one session’s step results with ISO timestamps; 404 for a session not in that scene version', async () => {
    const answer = await t.api('GET', '/versions/3002/sessions/1767605400_6826c6e1a9d24f6b/objectiveData', {
      as: keys.acmeRead,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      '601': [
        { step: 1, result: 'succeeded', timestamp: '2026-01-05T09:31:05.250Z', duration: 65250 },
        { step: 2, result: 'succeeded', timestamp: '2026-01-05T09:34:33.938Z', duration: 208688 },
        { step: 3, result: 'succeeded', timestamp: '2026-01-05T09:41:30.000Z', duration: 416062 },
      ],
    });
    // A failed step is stamped with the session's end.
    const failed = await t.api('GET', '/versions/3002/sessions/1768385007_d2b7a1f08e4c6935/objectiveData', {
      as: keys.acmeRead,
    });
    expect(failed.body['601'][2]).toMatchObject({ step: 3, result: 'failed', timestamp: '2026-01-14T10:16:23.790Z' });

    expect(
      (await t.api('GET', '/versions/3002/sessions/1764666843_6826c6e1a9d24f6b/objectiveData', { as: keys.acmeRead }))
        .status,
    ).toBe(404);
    expect(
      (await t.api('GET', '/versions/3002/sessions/1765391076_7e31c9a05b2d84f1/objectiveData', { as: keys.acmeRead }))
        .status,
    ).toBe(404);
    expect(
      (await t.api('GET', '/versions/3002/sessions/1700000000_ffffffffffffffff/objectiveData', { as: keys.acmeRead }))
        .status,
    ).toBe(404);
  });

  it('answers 404 to the unserved objective-version results route, 401 without a credential', async () => {
    const answer = await t.api('GET', '/versions/3002/objectiveVersions/601/results', { as: keys.acmeRead });
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ code: 404, message: 'Not found' });
    expect((await t.api('GET', '/versions/3002/objectiveVersions/601/results')).status).toBe(401);
  });

  it('exports the results as CSV: a header row and one row per session per step', async () => {
    const answer = await t.api('GET', '/projects/1001/objectiveVersions/601/results.csv', { as: keys.acmeRead });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = answer.text.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'sessionId,participantId,sessionDate,objectiveId,objectiveVersionId,step,stepName,result,timestamp,duration',
    );
    expect(lines).toHaveLength(1 + 12 * 3);
    expect(lines[1]).toBe(
      '1764666843_6826c6e1a9d24f6b,trainee-0042,2025-12-02T09:14:03.120Z,501,601,1,Start the forklift,succeeded,2025-12-02T09:15:38.120Z,95000',
    );
    expect(lines.filter((line) => line.includes(',succeeded,'))).toHaveLength(12 + 12 + 2);

    const clean = await t.api(
      'GET',
      '/projects/1001/objectiveVersions/601/results.csv?excludeJunkAndTestSessions=true&targetNewObjectives=true',
      { as: keys.acmeRead },
    );
    expect(clean.text.trimEnd().split('\n')).toHaveLength(1 + 9 * 3);

    expect((await t.api('GET', '/projects/1001/objectiveVersions/603/results.csv', { as: keys.acmeRead })).status).toBe(
      404,
    );
  });
});
