import { beforeEach, describe, expect, it } from 'vitest';
import { keys, startMock } from '../support/mock.ts';

let t: ReturnType<typeof startMock>;
beforeEach(() => {
  t = startMock();
});

const forklift = 'editor_2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091';
const set = 'end_of_training:1';

/** The fields every stored component has, and those of each type; nothing else may appear. */
const commonFields = [
  'id',
  'sequenceNumber',
  'type',
  'name',
  'isStep',
  'isStrict',
  'isNonSequential',
  'propertyConditions',
];
const typeFields: Record<string, string[]> = {
  eventstep: ['eventName', 'occurrenceOperator', 'occurrenceValue'],
  gazestep: ['dynamicObjectIds', 'durationOperator', 'durationValue'],
  fixationstep: ['dynamicObjectIds', 'durationOperator', 'durationValue'],
  mediapointstep: ['dynamicObjectIds', 'durationOperator', 'durationValue'],
  exitpollstep: ['exitpollQuestionSetId', 'clusterIndex', 'answerOperator', 'answerValue'],
};

const create = (objectiveComponents: unknown[], name = 'Every step type') =>
  t.api('POST', '/versions/3002/objectives', { as: keys.acmeWrite, json: { name, objectiveComponents } });

/** The answer of a create whose only component is refused at `field`. */
const refusal = (message: string, field: string) => ({ code: 400, message, field });

describe('objective components: what is stored and answered', () => {
  it('stores each step type with the common fields and only its own fields, as sent', async () => {
    const created = await create([
      {
        sequenceNumber: 1,
        type: 'eventstep',
        name: 'Start',
        isStrict: true,
        eventName: 'Forklift Started',
        occurrenceOperator: 'eq',
        occurrenceValue: 1,
      },
      {
        sequenceNumber: 2,
        type: 'gazestep',
        name: 'Look',
        dynamicObjectIds: [forklift],
        durationOperator: 'gte',
        durationValue: 2,
      },
      {
        sequenceNumber: 3,
        type: 'fixationstep',
        name: 'Fixate',
        dynamicObjectIds: [forklift],
        durationOperator: 'gt',
        durationValue: 0.5,
      },
      {
        sequenceNumber: 4,
        type: 'mediapointstep',
        name: 'Media point',
        isStep: false,
        dynamicObjectIds: [forklift],
        durationOperator: 'lte',
        durationValue: 30,
      },
      {
        sequenceNumber: 5,
        type: 'exitpollstep',
        name: 'Confident',
        isNonSequential: true,
        exitpollQuestionSetId: set,
        clusterIndex: 1,
        answerOperator: 'gte',
        answerValue: 7,
        propertyConditions: [{ propertyName: 'hook', operator: 'eq', value: 'end_of_training' }],
      },
    ]);
    expect(created.status).toBe(200);
    const common = (id: number, sequenceNumber: number, type: string, name: string) => ({
      id,
      sequenceNumber,
      type,
      name,
      isStep: true,
      isStrict: false,
      isNonSequential: false,
    });
    expect(created.body.objectiveVersions).toEqual([
      {
        id: 604,
        isActive: true,
        saveToSession: false,
        propertyLabel: null,
        criteria: null,
        objectiveComponents: [
          {
            ...common(633, 1, 'eventstep', 'Start'),
            isStrict: true,
            eventName: 'Forklift Started',
            occurrenceOperator: 'eq',
            occurrenceValue: 1,
            propertyConditions: [],
          },
          {
            ...common(634, 2, 'gazestep', 'Look'),
            dynamicObjectIds: [forklift],
            durationOperator: 'gte',
            durationValue: 2,
            propertyConditions: [],
          },
          {
            ...common(635, 3, 'fixationstep', 'Fixate'),
            dynamicObjectIds: [forklift],
            durationOperator: 'gt',
            durationValue: 0.5,
            propertyConditions: [],
          },
          {
            ...common(636, 4, 'mediapointstep', 'Media point'),
            isStep: false,
            dynamicObjectIds: [forklift],
            durationOperator: 'lte',
            durationValue: 30,
            propertyConditions: [],
          },
          {
            ...common(637, 5, 'exitpollstep', 'Confident'),
            isNonSequential: true,
            exitpollQuestionSetId: set,
            clusterIndex: 1,
            answerOperator: 'gte',
            answerValue: 7,
            propertyConditions: [{ propertyName: 'hook', operator: 'eq', value: 'end_of_training' }],
          },
        ],
      },
    ]);
    expect((await t.api('GET', `/projects/1001/objectives/${created.body.id}`, { as: keys.acmeRead })).body).toEqual(
      created.body,
    );
  });

  it('fills the omitted operators and values: occurrence gte 1, duration gte 0, answer eq', async () => {
    const created = await create([
      { sequenceNumber: 1, type: 'eventstep', eventName: 'Forklift Started' },
      { sequenceNumber: 2, type: 'mediapointstep', dynamicObjectIds: [forklift] },
      { sequenceNumber: 3, type: 'exitpollstep', exitpollQuestionSetId: set, clusterIndex: 0, answerValue: 1 },
    ]);
    expect(created.status).toBe(200);
    const common = { name: null, isStep: true, isStrict: false, isNonSequential: false };
    expect(created.body.objectiveVersions[0].objectiveComponents).toEqual([
      {
        id: 633,
        sequenceNumber: 1,
        type: 'eventstep',
        ...common,
        eventName: 'Forklift Started',
        occurrenceOperator: 'gte',
        occurrenceValue: 1,
        propertyConditions: [],
      },
      {
        id: 634,
        sequenceNumber: 2,
        type: 'mediapointstep',
        ...common,
        dynamicObjectIds: [forklift],
        durationOperator: 'gte',
        durationValue: 0,
        propertyConditions: [],
      },
      {
        id: 635,
        sequenceNumber: 3,
        type: 'exitpollstep',
        ...common,
        exitpollQuestionSetId: set,
        clusterIndex: 0,
        answerOperator: 'eq',
        answerValue: 1,
        propertyConditions: [],
      },
    ]);
  });

  it('stores a new version’s components the same way', async () => {
    const published = await t.api('POST', '/versions/3002/objectives/501/versions', {
      as: keys.acmeWrite,
      json: {
        objectiveComponents: [
          {
            sequenceNumber: 1,
            type: 'exitpollstep',
            name: 'Hardest: parking',
            exitpollQuestionSetId: set,
            clusterIndex: 2,
            answerValue: 2,
          },
        ],
      },
    });
    expect(published.status).toBe(200);
    expect(published.body.objectiveVersions[1]).toEqual({
      id: 604,
      isActive: true,
      saveToSession: false,
      propertyLabel: null,
      criteria: null,
      objectiveComponents: [
        {
          id: 633,
          sequenceNumber: 1,
          type: 'exitpollstep',
          name: 'Hardest: parking',
          isStep: true,
          isStrict: false,
          isNonSequential: false,
          exitpollQuestionSetId: set,
          clusterIndex: 2,
          answerOperator: 'eq',
          answerValue: 2,
          propertyConditions: [],
        },
      ],
    });
  });

  it('answers the seed’s objectives with only the fields of each component’s type, never null', async () => {
    const seen: string[] = [];
    for (const [project, key] of [
      [1001, keys.acmeRead],
      [1002, keys.acmeRead],
      [2001, keys.globexWrite],
    ] as const) {
      const answer = await t.api('GET', `/projects/${project}/objectives`, { as: key });
      expect(answer.status).toBe(200);
      for (const objective of answer.body) {
        for (const version of objective.objectiveVersions) {
          for (const component of version.objectiveComponents) {
            seen.push(`${component.id} ${component.type}`);
            expect(Object.keys(component).sort(), String(component.id)).toEqual(
              [...commonFields, ...typeFields[component.type]!].sort(),
            );
            for (const field of typeFields[component.type]!)
              expect(component[field], `${component.id} ${field}`).not.toBeNull();
          }
        }
      }
    }
    expect(seen).toEqual([
      '611 eventstep',
      '612 gazestep',
      '613 exitpollstep',
      '631 gazestep',
      '632 eventstep',
      '621 eventstep',
      '622 fixationstep',
    ]);
    const [exitPollStep] = (
      await t.api('GET', '/projects/1001/objectives/501', { as: keys.acmeRead })
    ).body.objectiveVersions[0].objectiveComponents.slice(2);
    expect(exitPollStep).toEqual({
      id: 613,
      sequenceNumber: 3,
      type: 'exitpollstep',
      name: 'Answer the end-of-training poll',
      isStep: true,
      isStrict: false,
      isNonSequential: false,
      exitpollQuestionSetId: set,
      clusterIndex: 0,
      answerOperator: 'eq',
      answerValue: 1,
      propertyConditions: [],
    });
  });
});

describe('objective components: what is refused (400 naming the field, nothing stored)', () => {
  it('names the missing field of each step type', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ type: 'eventstep', occurrenceOperator: 'gte', occurrenceValue: 1 }, 'eventName'],
      [{ type: 'gazestep', durationOperator: 'gte', durationValue: 2 }, 'dynamicObjectIds'],
      [{ type: 'fixationstep' }, 'dynamicObjectIds'],
      [{ type: 'mediapointstep', durationValue: 1 }, 'dynamicObjectIds'],
      [{ type: 'exitpollstep', clusterIndex: 0, answerValue: 1 }, 'exitpollQuestionSetId'],
      [{ type: 'exitpollstep', exitpollQuestionSetId: set, answerOperator: 'eq', answerValue: 1 }, 'clusterIndex'],
      [{ type: 'exitpollstep', exitpollQuestionSetId: set, clusterIndex: 0, answerOperator: 'eq' }, 'answerValue'],
      [{ name: 'no type' }, 'type'],
    ];
    for (const [component, missing] of cases) {
      const answer = await create([{ sequenceNumber: 1, ...component }]);
      expect(answer.status, missing).toBe(400);
      expect(answer.body).toEqual(
        refusal(`Invalid body: body/objectiveComponents/0/${missing} is required`, `/objectiveComponents/0/${missing}`),
      );
    }
    const second = await create([
      { sequenceNumber: 1, type: 'eventstep', eventName: 'Forklift Started' },
      { sequenceNumber: 2, type: 'exitpollstep', exitpollQuestionSetId: set, answerValue: 1 },
    ]);
    expect(second.body).toEqual(
      refusal(
        'Invalid body: body/objectiveComponents/1/clusterIndex is required',
        '/objectiveComponents/1/clusterIndex',
      ),
    );
    const version = await t.api('POST', '/versions/3002/objectives/501/versions', {
      as: keys.acmeWrite,
      json: { objectiveComponents: [{ sequenceNumber: 1, type: 'eventstep' }] },
    });
    expect(version.status).toBe(400);
    expect(version.body).toEqual(
      refusal('Invalid body: body/objectiveComponents/0/eventName is required', '/objectiveComponents/0/eventName'),
    );
    expect(t.mock.store.tables.objectives.size).toBe(3);
    expect(
      (await t.api('GET', '/projects/1001/objectives/501', { as: keys.acmeRead })).body.objectiveVersions,
    ).toHaveLength(1);
  });

  it('refuses a field of another step type, null included', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ type: 'eventstep', eventName: 'Forklift Started', dynamicObjectIds: [] }, 'dynamicObjectIds'],
      [{ type: 'eventstep', eventName: 'Forklift Started', clusterIndex: null }, 'clusterIndex'],
      [{ type: 'gazestep', dynamicObjectIds: [forklift], eventName: null }, 'eventName'],
      [
        { type: 'exitpollstep', exitpollQuestionSetId: set, clusterIndex: 0, answerValue: 1, durationValue: 2 },
        'durationValue',
      ],
    ];
    for (const [component, stray] of cases) {
      const answer = await create([{ sequenceNumber: 1, ...component }]);
      expect(answer.status, stray).toBe(400);
      expect(answer.body).toEqual(
        refusal(`Invalid body: body/objectiveComponents/0/${stray} is not allowed`, `/objectiveComponents/0/${stray}`),
      );
    }
    expect(t.mock.store.tables.objectives.size).toBe(3);
  });

  it('refuses null or ill-typed values of the step’s own fields', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [
        { type: 'eventstep', eventName: 'Forklift Started', occurrenceOperator: null },
        'occurrenceOperator',
        'must be string',
      ],
      [{ type: 'gazestep', dynamicObjectIds: [forklift], durationValue: null }, 'durationValue', 'must be number'],
      [
        { type: 'exitpollstep', exitpollQuestionSetId: set, clusterIndex: null, answerValue: 1 },
        'clusterIndex',
        'must be integer',
      ],
      [
        { type: 'exitpollstep', exitpollQuestionSetId: set, clusterIndex: -1, answerValue: 1 },
        'clusterIndex',
        'must be >= 0',
      ],
      [
        { type: 'exitpollstep', exitpollQuestionSetId: set, clusterIndex: 0.5, answerValue: 1 },
        'clusterIndex',
        'must be integer',
      ],
      [
        { type: 'exitpollstep', exitpollQuestionSetId: set, clusterIndex: 0, answerValue: 'yes' },
        'answerValue',
        'must be number',
      ],
      [
        { type: 'exitpollstep', exitpollQuestionSetId: set, clusterIndex: 0, answerOperator: 'neq', answerValue: 1 },
        'answerOperator',
        'must be one of "eq", "gte", "lte", "gt", "lt"',
      ],
    ];
    for (const [component, field, detail] of cases) {
      const answer = await create([{ sequenceNumber: 1, ...component }]);
      expect(answer.status, field).toBe(400);
      expect(answer.body).toEqual(
        refusal(`Invalid body: body/objectiveComponents/0/${field} ${detail}`, `/objectiveComponents/0/${field}`),
      );
    }
    expect(t.mock.store.tables.objectives.size).toBe(3);
  });

  it('refuses an ExitPoll step whose set, question or answer value does not exist', async () => {
    const step = (fields: Record<string, unknown>) => [
      {
        sequenceNumber: 1,
        type: 'exitpollstep',
        exitpollQuestionSetId: set,
        clusterIndex: 0,
        answerValue: 1,
        ...fields,
      },
    ];
    const cases: [Record<string, unknown>, string, string][] = [
      [
        { exitpollQuestionSetId: 'end_of_training:2' },
        'exitpollQuestionSetId',
        'No question set end_of_training:2 in this project',
      ],
      [
        { clusterIndex: 3 },
        'clusterIndex',
        'clusterIndex 3 is not a question of end_of_training:1, which has 3 questions',
      ],
      [
        { answerValue: 2 },
        'answerValue',
        'answerValue 2 is not an answer of question 0 of end_of_training:1 (BOOLEAN): expected 0 or 1',
      ],
      [
        { clusterIndex: 1, answerValue: 11 },
        'answerValue',
        'answerValue 11 is not an answer of question 1 of end_of_training:1 (SCALE): expected a number from 0 to 10',
      ],
      [
        { clusterIndex: 2, answerValue: 4 },
        'answerValue',
        'answerValue 4 is not an answer of question 2 of end_of_training:1 (MULTIPLE): expected an answer index from 0 to 3',
      ],
      [
        { clusterIndex: 2, answerValue: 1.5 },
        'answerValue',
        'answerValue 1.5 is not an answer of question 2 of end_of_training:1 (MULTIPLE): expected an answer index from 0 to 3',
      ],
    ];
    for (const [fields, field, message] of cases) {
      const answer = await create(step(fields));
      expect(answer.status, message).toBe(400);
      expect(answer.body).toEqual(refusal(message, `/objectiveComponents/0/${field}`));
    }

    // A VOICE answer is a recording: it cannot be compared.
    const row = t.mock.store.tables.questionSets.get(`1001/${set}`)!;
    const questions: typeof row.record.questions = [
      ...row.record.questions,
      { type: 'VOICE', title: 'Tell us more', saveToSession: false, propertyLabel: null, maxResponseLength: 60 },
    ];
    t.mock.store.tables.questionSets.update(row.key, { record: { questions } });
    const voice = await create(step({ clusterIndex: 3 }));
    expect(voice.body).toEqual(
      refusal(
        'Question 3 of end_of_training:1 is a VOICE question, whose answers cannot be compared',
        '/objectiveComponents/0/clusterIndex',
      ),
    );

    // The same checks guard a new version.
    const version = await t.api('POST', '/versions/3002/objectives/501/versions', {
      as: keys.acmeWrite,
      json: { objectiveComponents: step({ clusterIndex: 7 }) },
    });
    expect(version.body).toEqual(
      refusal(
        'clusterIndex 7 is not a question of end_of_training:1, which has 4 questions',
        '/objectiveComponents/0/clusterIndex',
      ),
    );
    expect(t.mock.store.tables.objectives.size).toBe(3);
    expect(
      (await t.api('GET', '/projects/1001/objectives/501', { as: keys.acmeRead })).body.objectiveVersions,
    ).toHaveLength(1);
  });
});
