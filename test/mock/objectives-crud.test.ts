import { beforeEach, describe, expect, it } from 'vitest';
import { ids, keys, startMock } from '../support/mock.ts';

let t: ReturnType<typeof startMock>;
beforeEach(() => {
  t = startMock();
});

const forklift = 'editor_2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091';

const drill = {
  name: 'Careful pallet run',
  description: 'Drop at least two pallets, then look at the forklift.',
  objectiveComponents: [
    { sequenceNumber: 2, type: 'gazestep', name: 'Look at the forklift', dynamicObjectIds: [forklift] },
    {
      sequenceNumber: 1,
      type: 'eventstep',
      name: 'Drop two pallets',
      eventName: 'Pallet Dropped',
      occurrenceOperator: 'gte',
      occurrenceValue: 2,
    },
  ],
};

describe('objectives', () => {
  it('lists the seeded objective of a project with its versions and components', async () => {
    const answer = await t.api('GET', '/projects/1001/objectives', { as: keys.acmeRead });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(answer.body.map((objective: { id: number }) => objective.id)).toEqual([501]);
    expect(
      answer.body[0].objectiveVersions.map((version: { id: number; isActive: boolean }) => [
        version.id,
        version.isActive,
      ]),
    ).toEqual([[601, true]]);
    expect(answer.body[0].objectiveVersions[0].objectiveComponents.map((c: { type: string }) => c.type)).toEqual([
      'eventstep',
      'gazestep',
      'exitpollstep',
    ]);
  });

  it('reads one objective by project and by scene version; another project’s objective is 404', async () => {
    const byProject = await t.api('GET', '/projects/1001/objectives/501', { as: keys.acmeRead });
    expect(byProject.status).toBe(200);
    expect(byProject.body).toMatchObject({ id: 501, name: 'Safe forklift run', projectId: 1001 });
    const byVersion = await t.api('GET', '/versions/3001/objectives/501', { as: keys.acmeRead });
    expect(byVersion.status).toBe(200);
    expect(byVersion.body).toEqual(byProject.body);
    // 503 belongs to project 1002, visible to the same key, but not through project 1001 or its versions.
    expect((await t.api('GET', '/projects/1001/objectives/503', { as: keys.acmeRead })).body).toEqual({
      code: 404,
      message: 'Not found',
    });
    expect((await t.api('GET', '/versions/3002/objectives/503', { as: keys.acmeRead })).status).toBe(404);
    expect((await t.api('GET', '/projects/1001/objectives/999', { as: keys.acmeRead })).status).toBe(404);
  });

  it('creates an objective: listed and readable in both routes, components ordered and given their defaults, the write logged', async () => {
    const created = await t.api('POST', '/versions/3002/objectives', { as: keys.acmeWrite, json: drill });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      id: 504,
      name: 'Careful pallet run',
      projectId: 1001,
      enabled: true,
      sceneVersionId: 3002,
      sceneId: ids.warehouse,
      createdAt: expect.any(Number),
    });
    const [version] = created.body.objectiveVersions;
    expect(version).toMatchObject({
      id: 604,
      isActive: true,
      saveToSession: false,
      propertyLabel: null,
      criteria: null,
    });
    expect(version.objectiveComponents).toEqual([
      {
        id: 633,
        sequenceNumber: 1,
        type: 'eventstep',
        name: 'Drop two pallets',
        isStep: true,
        isStrict: false,
        isNonSequential: false,
        eventName: 'Pallet Dropped',
        occurrenceOperator: 'gte',
        occurrenceValue: 2,
        propertyConditions: [],
      },
      {
        id: 634,
        sequenceNumber: 2,
        type: 'gazestep',
        name: 'Look at the forklift',
        isStep: true,
        isStrict: false,
        isNonSequential: false,
        dynamicObjectIds: [forklift],
        durationOperator: 'gte',
        durationValue: 0,
        propertyConditions: [],
      },
    ]);

    const list = await t.api('GET', '/projects/1001/objectives', { as: keys.acmeRead });
    expect(list.body.map((objective: { id: number }) => objective.id)).toEqual([501, 504]);
    expect((await t.api('GET', '/projects/1001/objectives/504', { as: keys.acmeRead })).body).toEqual(created.body);
    expect((await t.api('GET', '/versions/3001/objectives/504', { as: keys.acmeRead })).body).toEqual(created.body);

    const [entry] = [...t.mock.store.tables.auditLog.all()].map((row) => row.record);
    expect(entry).toMatchObject({
      organizationId: 101,
      action: 'createObjective',
      status: 200,
      target: { type: 'objective', id: '504' },
    });
  });

  it('refuses components that name what the project does not have, or break the step rules (400, nothing stored)', async () => {
    const cases: [unknown[], string][] = [
      [
        [{ sequenceNumber: 1, type: 'gazestep', dynamicObjectIds: ['editor_c48f2e17-9b3a-4d6c-8e51-f27a0b9c3d64'] }],
        '/objectiveComponents/0/dynamicObjectIds',
      ],
      [[{ sequenceNumber: 1, type: 'fixationstep', dynamicObjectIds: [] }], '/objectiveComponents/0/dynamicObjectIds'],
      [
        [
          {
            sequenceNumber: 1,
            type: 'exitpollstep',
            exitpollQuestionSetId: 'showroom_survey:1',
            clusterIndex: 0,
            answerValue: 1,
          },
        ],
        '/objectiveComponents/0/exitpollQuestionSetId',
      ],
      [[{ sequenceNumber: 1, type: 'eventstep' }], '/objectiveComponents/0/eventName'],
      [
        [
          { sequenceNumber: 1, type: 'eventstep', eventName: 'A' },
          { sequenceNumber: 1, type: 'eventstep', eventName: 'B' },
        ],
        '/objectiveComponents/1/sequenceNumber',
      ],
    ];
    for (const [objectiveComponents, field] of cases) {
      const answer = await t.api('POST', '/versions/3002/objectives', {
        as: keys.acmeWrite,
        json: { name: 'Broken', objectiveComponents },
      });
      expect(answer.status, field).toBe(400);
      expect(answer.body.field).toBe(field);
    }
    expect(
      (
        await t.api('POST', '/versions/3002/objectives', {
          as: keys.acmeWrite,
          json: { name: 'x'.repeat(33), objectiveComponents: drill.objectiveComponents },
        })
      ).status,
    ).toBe(400);
    expect(t.mock.store.tables.objectives.size).toBe(3);
  });

  it('publishes a new version: it becomes the only active one, and session results follow it', async () => {
    const published = await t.api('POST', '/versions/3002/objectives/501/versions', {
      as: keys.acmeWrite,
      json: {
        saveToSession: true,
        propertyLabel: 'parked_in_b3',
        objectiveComponents: [
          {
            sequenceNumber: 1,
            type: 'eventstep',
            name: 'Park in B3',
            eventName: 'Forklift Parked',
            propertyConditions: [{ propertyName: 'bay', operator: 'eq', value: 'B3' }],
          },
        ],
      },
    });
    expect(published.status).toBe(200);
    expect(
      published.body.objectiveVersions.map((version: { id: number; isActive: boolean }) => [
        version.id,
        version.isActive,
      ]),
    ).toEqual([
      [601, false],
      [604, true],
    ]);
    expect(published.body.objectiveVersions[1]).toMatchObject({ saveToSession: true, propertyLabel: 'parked_in_b3' });
    const read = await t.api('GET', '/projects/1001/objectives/501', { as: keys.acmeRead });
    expect(
      read.body.objectiveVersions
        .filter((version: { isActive: boolean }) => version.isActive)
        .map((version: { id: number }) => version.id),
    ).toEqual([604]);
    expect(read.body.updatedAt).toBeGreaterThan(1767351600000);

    // Session 1767605400_… parked in bay B3 at 09:40:40, 640 s after it started; only the active version is reported for it now.
    const data = await t.api('GET', '/versions/3002/sessions/1767605400_6826c6e1a9d24f6b/objectiveData', {
      as: keys.acmeRead,
    });
    expect(Object.keys(data.body)).toEqual(['604']);
    expect(data.body['604']).toMatchObject([
      { step: 1, result: 'succeeded', timestamp: '2026-01-05T09:40:40.000Z', duration: 640000 },
    ]);

    expect(
      (
        await t.api('POST', '/versions/3002/objectives/503/versions', {
          as: keys.acmeWrite,
          json: { objectiveComponents: [{ sequenceNumber: 1, type: 'eventstep', eventName: 'A' }] },
        })
      ).status,
    ).toBe(404);
  });

  it('deletes an objective: 204, then 404 on every read, and gone from the list', async () => {
    const deleted = await t.api('DELETE', '/versions/3002/objectives/501', { as: keys.acmeWrite });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect((await t.api('GET', '/projects/1001/objectives/501', { as: keys.acmeRead })).status).toBe(404);
    expect((await t.api('GET', '/versions/3002/objectives/501', { as: keys.acmeRead })).status).toBe(404);
    expect((await t.api('GET', '/projects/1001/objectives', { as: keys.acmeRead })).body).toEqual([]);
    expect((await t.api('DELETE', '/versions/3002/objectives/501', { as: keys.acmeWrite })).status).toBe(404);
    // Another project's objective cannot be deleted through this project's version.
    expect((await t.api('DELETE', '/versions/3002/objectives/503', { as: keys.acmeWrite })).status).toBe(404);
    expect(t.mock.store.tables.objectives.get(503)).toBeDefined();
  });

  it('lets an observer read objectives but not create, publish or delete them (403)', async () => {
    const observer = await t.login('observer@acme.example');
    expect((await t.api('GET', '/projects/1001/objectives', { as: observer })).status).toBe(200);
    const refused = await t.api('POST', '/versions/3002/objectives', { as: observer, json: drill });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe(403);
    const viewer = await t.login('viewer@acme.example');
    expect((await t.api('POST', '/versions/3002/objectives', { as: viewer, json: drill })).status).toBe(403);
    expect((await t.api('DELETE', '/versions/3002/objectives/501', { as: keys.acmeRead })).status).toBe(403);
    expect(t.mock.store.tables.objectives.size).toBe(3);
  });
});
