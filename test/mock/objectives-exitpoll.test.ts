import { beforeEach, describe, expect, it } from 'vitest';
import { keys, startMock } from '../support/mock.ts';

let t: ReturnType<typeof startMock>;
beforeEach(() => {
  t = startMock();
});

const responses = '/projects/1001/questionSets/end_of_training/1/responses';
const idsOf = (records: { id: number }[]) => records.map((record) => record.id);

/** A second version of end_of_training, stored directly (publishing sets is not an operation of this group). */
function addSecondVersion() {
  const first = t.mock.store.tables.questionSets.get('1001/end_of_training:1')!;
  t.mock.store.tables.questionSets.insert(
    { ...structuredClone(first.record), id: 'end_of_training:2', version: 2, title: 'How did the training go? (v2)' },
    { key: '1001/end_of_training:2' },
  );
}

describe('ExitPoll question sets', () => {
  it('answers every version of every set of a project as a map keyed "name:version"', async () => {
    const answer = await t.api('GET', '/questionSets?projectIds=1001', { as: keys.acmeRead });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body)).toEqual(['end_of_training:1']);
    expect(answer.body['end_of_training:1']).toMatchObject({
      id: 'end_of_training:1',
      name: 'end_of_training',
      version: 1,
      projectId: 1001,
      status: 'active',
    });
    expect(answer.body['end_of_training:1'].questions.map((q: { type: string }) => q.type)).toEqual([
      'BOOLEAN',
      'SCALE',
      'MULTIPLE',
    ]);

    addSecondVersion();
    expect(Object.keys((await t.api('GET', '/questionSets?projectIds=1001', { as: keys.acmeRead })).body)).toEqual([
      'end_of_training:1',
      'end_of_training:2',
    ]);
    expect(Object.keys((await t.api('GET', '/questionSets?projectIds=1002', { as: keys.acmeRead })).body)).toEqual([
      'showroom_survey:1',
    ]);
  });

  it('lists one entry per set (its latest version, with every version id) and every version of a set by name', async () => {
    addSecondVersion();
    const list = await t.api('GET', '/projects/1001/questionSets', { as: keys.acmeRead });
    expect(list.status).toBe(200);
    expect(list.body).toEqual([
      expect.objectContaining({
        id: 'end_of_training:2',
        version: 2,
        versions: ['end_of_training:1', 'end_of_training:2'],
      }),
    ]);
    const versions = await t.api('GET', '/projects/1001/questionSets/end_of_training', { as: keys.acmeRead });
    expect(versions.status).toBe(200);
    expect(versions.body.map((set: { id: string }) => set.id)).toEqual(['end_of_training:1', 'end_of_training:2']);
    expect((await t.api('GET', '/projects/1001/questionSets/no_such_set', { as: keys.acmeRead })).status).toBe(404);
    // A set of another project is not found through this one.
    expect((await t.api('GET', '/projects/1001/questionSets/showroom_survey', { as: keys.acmeRead })).status).toBe(404);
  });

  it('archives a set: later lists leave it out, its versions and answers stay readable by name', async () => {
    const archived = await t.api('DELETE', '/projects/1001/questionSets/end_of_training', { as: keys.acmeWrite });
    expect(archived.status).toBe(204);
    expect(archived.text).toBe('');
    expect((await t.api('GET', '/projects/1001/questionSets', { as: keys.acmeRead })).body).toEqual([]);
    expect((await t.api('GET', '/questionSets?projectIds=1001', { as: keys.acmeRead })).body).toEqual({});
    const versions = await t.api('GET', '/projects/1001/questionSets/end_of_training', { as: keys.acmeRead });
    expect(versions.body.map((set: { status: string }) => set.status)).toEqual(['archived']);
    expect((await t.api('GET', responses, { as: keys.acmeRead })).body.count).toBe(9);
    const [entry] = [...t.mock.store.tables.auditLog.all()].map((row) => row.record);
    expect(entry).toMatchObject({
      action: 'archiveQuestionSet',
      target: { type: 'questionSet', id: 'end_of_training' },
    });
    expect((await t.api('DELETE', '/projects/1001/questionSets/no_such_set', { as: keys.acmeWrite })).status).toBe(404);
  });

  it('refuses to let an observer archive a set (403), and the set stays listed', async () => {
    const viewer = await t.login('viewer@acme.example');
    expect((await t.api('DELETE', '/projects/1001/questionSets/end_of_training', { as: viewer })).status).toBe(403);
    expect((await t.api('GET', '/projects/1001/questionSets', { as: viewer })).body).toHaveLength(1);
  });
});

describe('ExitPoll responses', () => {
  it('pages the answer records, newest submission first, a submission’s questions in order', async () => {
    const all = await t.api('GET', responses, { as: keys.acmeRead });
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ count: 9, pages: 1, currentPage: 0 });
    expect(idsOf(all.body.results)).toEqual([7, 8, 9, 4, 5, 6, 1, 2, 3]);

    const first = await t.api('GET', `${responses}?limit=2&page=0`, { as: keys.acmeRead });
    expect(first.body).toMatchObject({ count: 9, pages: 5, currentPage: 0 });
    expect(idsOf(first.body.results)).toEqual([7, 8]);
    const last = await t.api('GET', `${responses}?limit=2&page=4`, { as: keys.acmeRead });
    expect(last.body).toMatchObject({ count: 9, pages: 5, currentPage: 4 });
    expect(idsOf(last.body.results)).toEqual([3]);
    expect((await t.api('GET', `${responses}?limit=2&page=5`, { as: keys.acmeRead })).body).toEqual({
      count: 9,
      pages: 5,
      currentPage: 5,
      results: [],
    });
  });

  it('sorts, searches and leaves out the answers of sessions with excluded tags', async () => {
    expect(
      idsOf((await t.api('GET', `${responses}?orderBy=timestamp&sort=ASC`, { as: keys.acmeRead })).body.results),
    ).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(
      idsOf((await t.api('GET', `${responses}?orderBy=questionIndex&sort=ASC`, { as: keys.acmeRead })).body.results),
    ).toEqual([1, 4, 7, 2, 5, 8, 3, 6, 9]);
    expect(
      idsOf((await t.api('GET', `${responses}?orderBy=sessionId&sort=DESC`, { as: keys.acmeRead })).body.results),
    ).toEqual([7, 8, 9, 4, 5, 6, 1, 2, 3]);
    expect((await t.api('GET', `${responses}?search=archived:false`, { as: keys.acmeRead })).body.count).toBe(9);
    expect(idsOf((await t.api('GET', `${responses}?search=skipped:true`, { as: keys.acmeRead })).body.results)).toEqual(
      [9],
    );

    t.mock.store.tables.sessions.update(100500909, { record: { tags: ['junk'] } });
    const clean = await t.api('GET', `${responses}?excludeTags=test,junk`, { as: keys.acmeRead });
    expect(clean.body.count).toBe(6);
    expect(idsOf(clean.body.results)).toEqual([4, 5, 6, 1, 2, 3]);
  });

  it('answers 404 for a version that does not exist and 400 for a bad page size', async () => {
    expect(
      (await t.api('GET', '/projects/1001/questionSets/end_of_training/2/responses', { as: keys.acmeRead })).status,
    ).toBe(404);
    expect(
      (await t.api('GET', '/projects/1002/questionSets/end_of_training/1/responses', { as: keys.acmeRead })).status,
    ).toBe(404);
    expect((await t.api('GET', `${responses}?limit=0`, { as: keys.acmeRead })).status).toBe(400);
  });

  it('exports every matching answer, newest first, unpaginated', async () => {
    const answer = await t.api(
      'POST',
      '/projects/1001/questionSets/end_of_training/1/responseDumps?search=archived:false',
      { as: keys.acmeRead },
    );
    expect(answer.status).toBe(200);
    expect(idsOf(answer.body)).toEqual([7, 8, 9, 4, 5, 6, 1, 2, 3]);
    expect(answer.body[0]).toMatchObject({
      type: 'BOOLEAN',
      questionIndex: 0,
      sessionId: '1767886831_a07d5e39c2f1846b',
      value: 0,
    });
    const firstQuestion = await t.api(
      'POST',
      '/projects/1001/questionSets/end_of_training/1/responseDumps?search=questionIndex:0',
      { as: keys.acmeRead },
    );
    expect(idsOf(firstQuestion.body)).toEqual([7, 4, 1]);
  });

  it('counts each question’s answers as the seeded responses give them', async () => {
    // Seeded answers: Q0 (BOOLEAN) 1, 1, 0; Q1 (SCALE) 8, 9, 4; Q2 (MULTIPLE) 1, 2 and one skipped.
    const viewer = await t.login('viewer@acme.example');
    const answer = await t.api('POST', '/projects/1001/questionSets/end_of_training/1/responseCountQueries', {
      as: viewer,
      json: { sessionFilters: [] },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([
      [
        { count: 2, skipped: false, value: '1' },
        { count: 1, skipped: false, value: '0' },
      ],
      [
        { count: 1, skipped: false, value: '4' },
        { count: 1, skipped: false, value: '8' },
        { count: 1, skipped: false, value: '9' },
      ],
      [
        { count: 1, skipped: false, value: '1' },
        { count: 1, skipped: false, value: '2' },
        { count: 1, skipped: true, value: null },
      ],
    ]);
    const showroom = await t.api('POST', '/projects/1002/questionSets/showroom_survey/1/responseCountQueries', {
      as: keys.acmeRead,
      json: {},
    });
    expect(showroom.body).toEqual([
      [
        { count: 1, skipped: false, value: '0' },
        { count: 1, skipped: false, value: '1' },
      ],
      [
        { count: 1, skipped: false, value: '3' },
        { count: 1, skipped: false, value: '7' },
      ],
    ]);
  });

  it('applies the session filters through the sessions the answers came from', async () => {
    const withoutMarcus = [
      {
        op: 'and',
        children: [{ field: { fieldName: 'participantId', fieldParent: 'session' }, op: 'neq', value: 'trainee-0023' }],
      },
    ];
    const answer = await t.api('POST', '/projects/1001/questionSets/end_of_training/1/responseCountQueries', {
      as: keys.acmeRead,
      json: { sessionFilters: withoutMarcus },
    });
    expect(answer.body).toEqual([
      [{ count: 2, skipped: false, value: '1' }],
      [
        { count: 1, skipped: false, value: '8' },
        { count: 1, skipped: false, value: '9' },
      ],
      [
        { count: 1, skipped: false, value: '1' },
        { count: 1, skipped: false, value: '2' },
      ],
    ]);
    const bareArray = await t.api('POST', '/projects/1001/questionSets/end_of_training/1/responseCountQueries', {
      as: keys.acmeRead,
      json: withoutMarcus,
    });
    expect(bareArray.status).toBe(400);
    expect(
      (
        await t.api('POST', '/projects/1001/questionSets/end_of_training/9/responseCountQueries', {
          as: keys.acmeRead,
          json: {},
        })
      ).status,
    ).toBe(404);
  });
});
