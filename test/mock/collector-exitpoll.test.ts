import { beforeEach, describe, expect, it } from 'vitest';
import { ids, keys, startMock } from '../support/mock.ts';

let t: ReturnType<typeof startMock>;
beforeEach(() => {
  t = startMock();
});

const sessionId = '1768915070_91c4be7f0a3d2e65';
const submission = {
  hook: 'end_of_training',
  userId: '91c4be7f0a3d2e65',
  participantId: 'trainee-0031',
  sceneId: ids.warehouse,
  versionNumber: 2,
  versionId: 3002,
  sessionId,
  questionSetId: 'end_of_training:1',
  answers: [{ type: 'BOOLEAN', value: true }, { type: 'SCALE', value: 6 }, null],
};

describe('collector: ExitPoll', () => {
  it('hook → its active question set → a submission that the stored responses and the session show', async () => {
    const hooks = await t.data('GET', '/hooks', { as: keys.developer });
    const [hook] = hooks.body;
    const set = await t.data('GET', `/questionSetHooks/${hook.name}/questionSet`, {
      as: keys.data1001,
      headers: { 'X-HTTP-Method-Override': 'GET' },
    });
    expect(set.status).toBe(200);
    expect(set.headers.get('cvr-request-time')).toMatch(/^\d+$/);
    expect(set.body).toMatchObject({
      id: 'end_of_training:1',
      name: 'end_of_training',
      version: 1,
      status: 'active',
      projectId: 1001,
    });
    expect(set.body.questions).toHaveLength(3);

    const before = t.mock.store.tables.exitPollResponses.size;
    const eventsBefore = structuredClone(
      t.mock.store.tables.sessions.findUnique('sessionId', sessionId)!.internal.events,
    );
    const answer = await t.data('POST', `/questionSets/${set.body.name}/${set.body.version}/responses`, {
      as: keys.data1001,
      json: submission,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({});
    expect(answer.headers.get('cvr-request-time')).toMatch(/^\d+$/);

    const rows = t.mock.store.tables.exitPollResponses
      .children('questionSetKey', '1001/end_of_training:1')
      .slice(-3)
      .map((row) => row.record);
    expect(t.mock.store.tables.exitPollResponses.size).toBe(before + 3);
    const common = {
      hook: 'end_of_training',
      userId: '91c4be7f0a3d2e65',
      projectId: 1001,
      participantId: 'trainee-0031',
      sceneId: ids.warehouse,
      sceneVersionNumber: 2,
      sessionId,
      sessionFriendlyName: t.mock.store.tables.sessions.findUnique('sessionId', sessionId)!.record.friendlyName,
      sessionSqlId: t.mock.store.tables.sessions.findUnique('sessionId', sessionId)!.record.id,
      questionSetId: 'end_of_training:1',
    };
    expect(rows).toEqual([
      {
        id: before + 1,
        type: 'BOOLEAN',
        questionIndex: 0,
        timestamp: expect.any(Number),
        skipped: false,
        value: 1,
        ...common,
      },
      {
        id: before + 2,
        type: 'SCALE',
        questionIndex: 1,
        timestamp: expect.any(Number),
        skipped: false,
        value: 6,
        ...common,
      },
      {
        id: before + 3,
        type: 'MULTIPLE',
        questionIndex: 2,
        timestamp: expect.any(Number),
        skipped: true,
        value: null,
        ...common,
      },
    ]);

    const session = t.mock.store.tables.sessions.findUnique('sessionId', sessionId)!;
    expect((session.record.properties as Record<string, unknown>)['c3d.participant.exitpoll.finished']).toBe(true);
    // The SDK sends the session's cvr.exitpoll event itself; the answers add none.
    expect(session.internal.events).toEqual(eventsBefore);
  });

  it('stores the answers of a session the project has not seen, without touching any session', async () => {
    const answer = await t.data('POST', '/questionSets/end_of_training/1/responses', {
      as: keys.data1001,
      json: {
        hook: 'end_of_training',
        userId: 'abc',
        sessionId: '1769999999_abc',
        questionSetId: 'end_of_training:1',
        answers: [{ type: 'BOOLEAN', value: false }],
      },
    });
    expect(answer.status).toBe(200);
    const [row] = t.mock.store.tables.exitPollResponses.children('questionSetKey', '1001/end_of_training:1').slice(-1);
    expect(row!.record).toMatchObject({
      sessionId: '1769999999_abc',
      userId: 'abc',
      value: 0,
      skipped: false,
      sessionSqlId: null,
      sessionFriendlyName: null,
      participantId: 'abc',
      sceneId: null,
      sceneVersionNumber: null,
    });
  });

  it('answers 404 for a hook without an active set and for a set the project does not have', async () => {
    expect((await t.data('GET', '/questionSetHooks/site_feedback/questionSet', { as: keys.data1001 })).status).toBe(
      404,
    );
    expect((await t.data('GET', '/questionSetHooks/site_feedback/questionSet', { as: keys.data2001 })).status).toBe(
      200,
    );
    t.mock.store.tables.questionSets.update('1001/end_of_training:1', { record: { status: 'archived' } });
    expect((await t.data('GET', '/questionSetHooks/end_of_training/questionSet', { as: keys.data1001 })).status).toBe(
      404,
    );
    const missing = await t.data('POST', '/questionSets/end_of_training/2/responses', {
      as: keys.data1001,
      json: { ...submission, questionSetId: 'end_of_training:2' },
    });
    expect(missing.status).toBe(404);
    expect(
      (await t.data('POST', '/questionSets/end_of_training/1/responses', { as: keys.data2001, json: submission }))
        .status,
    ).toBe(404);
  });

  it('refuses a submission that does not fit the set or the project (400, nothing stored)', async () => {
    const before = t.mock.store.tables.exitPollResponses.size;
    const post = (json: object) =>
      t.data('POST', '/questionSets/end_of_training/1/responses', { as: keys.data1001, json });
    const wrongSet = await post({ ...submission, questionSetId: 'showroom_survey:1' });
    expect(wrongSet.status).toBe(400);
    expect(wrongSet.body.field).toBe('/questionSetId');
    const tooMany = await post({ ...submission, answers: [...submission.answers, { type: 'BOOLEAN', value: true }] });
    expect(tooMany.body.field).toBe('/answers');
    const foreignScene = await post({ ...submission, sceneId: ids.controlRoom, versionId: undefined });
    expect(foreignScene.body.field).toBe('/sceneId');
    const foreignVersion = await post({ ...submission, versionId: 3004 });
    expect(foreignVersion.body.field).toBe('/versionId');
    expect(t.mock.store.tables.exitPollResponses.size).toBe(before);
  });
});
