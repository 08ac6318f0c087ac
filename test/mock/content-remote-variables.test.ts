import { beforeEach, describe, expect, it } from 'vitest';
import { keys, startMock } from '../support/mock.ts';

let t: ReturnType<typeof startMock>;
beforeEach(() => {
  t = startMock();
});

const spawnRate = {
  id: 801,
  projectId: 1001,
  name: 'spawn_rate',
  type: 'int',
  valueInt: 3,
  valueString: null,
  valueBoolean: null,
  valid: true,
};

describe('remote variables', () => {
  it('lists and reads the variables of a project; another project’s variable is 404', async () => {
    const list = await t.api('GET', '/projects/1001/remoteVariables', { as: keys.acmeRead });
    expect(list.status).toBe(200);
    expect(list.body).toEqual([spawnRate]);
    expect((await t.api('GET', '/projects/1001/remoteVariables/801', { as: keys.acmeRead })).body).toEqual(spawnRate);
    const foreign = await t.api('GET', '/projects/1001/remoteVariables/803', { as: keys.acmeRead });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual({ code: 404, message: 'Not found' });
  });

  it('creates a variable whose type is set by its value field', async () => {
    const created = await t.api('POST', '/projects/1001/remoteVariables', {
      as: keys.acmeWrite,
      json: { name: 'show_safety_briefing', valueBoolean: true },
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      id: 804,
      projectId: 1001,
      name: 'show_safety_briefing',
      type: 'boolean',
      valueInt: null,
      valueString: null,
      valueBoolean: true,
      valid: false,
    });
    expect((await t.api('GET', '/projects/1001/remoteVariables/804', { as: keys.acmeRead })).body).toEqual(
      created.body,
    );
    const [entry] = [...t.mock.store.tables.auditLog.all()].map((row) => row.record);
    expect(entry).toMatchObject({ action: 'createRemoteVariable', target: { type: 'remoteVariable', id: '804' } });
  });

  it('refuses a body with two value fields or none (400), and a duplicate name', async () => {
    const two = await t.api('POST', '/projects/1001/remoteVariables', {
      as: keys.acmeWrite,
      json: { name: 'x', valueInt: 1, valueString: 'a' },
    });
    expect(two.status).toBe(400);
    expect(
      (await t.api('POST', '/projects/1001/remoteVariables', { as: keys.acmeWrite, json: { name: 'x' } })).status,
    ).toBe(400);
    const taken = await t.api('POST', '/projects/1001/remoteVariables', {
      as: keys.acmeWrite,
      json: { name: 'spawn_rate', valueInt: 1 },
    });
    expect(taken.status).toBe(400);
    expect(taken.body).toEqual({
      code: 400,
      message: 'A remote variable named "spawn_rate" already exists in this project',
      field: '/name',
    });
    expect(t.mock.store.tables.remoteVariables.size).toBe(3);
  });

  it('updates the name or the value of its own type; absent fields are kept', async () => {
    const renamed = await t.api('PUT', '/projects/1001/remoteVariables/801', {
      as: keys.acmeWrite,
      json: { name: 'pallet_spawn_rate' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual({ ...spawnRate, name: 'pallet_spawn_rate' });
    const revalued = await t.api('PUT', '/projects/1001/remoteVariables/801', {
      as: keys.acmeWrite,
      json: { valueInt: 7 },
    });
    expect(revalued.body).toEqual({ ...spawnRate, name: 'pallet_spawn_rate', valueInt: 7 });
    expect((await t.api('GET', '/projects/1001/remoteVariables/801', { as: keys.acmeRead })).body).toEqual(
      revalued.body,
    );
  });

  it('never changes a variable’s type: a value of another type is 400 and nothing changes', async () => {
    const answer = await t.api('PUT', '/projects/1001/remoteVariables/801', {
      as: keys.acmeWrite,
      json: { name: 'renamed', valueString: 'fast' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      code: 400,
      message: "valueString does not fit: the remote variable's type is int (use valueInt)",
      field: '/valueString',
    });
    expect((await t.api('GET', '/projects/1001/remoteVariables/801', { as: keys.acmeRead })).body).toEqual(spawnRate);
  });

  it('refuses an observer of the project (403)', async () => {
    const viewer = await t.login('viewer@acme.example');
    const answer = await t.api('POST', '/projects/1001/remoteVariables', {
      as: viewer,
      json: { name: 'x', valueInt: 1 },
    });
    expect(answer.status).toBe(403);
    expect(t.mock.store.tables.remoteVariables.size).toBe(3);
  });
});

describe('remote configurations', () => {
  it('creates, lists, updates and deletes a configuration; the variable’s validity follows', async () => {
    const variable = await t.api('POST', '/projects/1001/remoteVariables', {
      as: keys.acmeWrite,
      json: { name: 'welcome_text', valueString: 'Hello' },
    });
    const id = variable.body.id;
    const created = await t.api('POST', '/projects/1001/remoteConfigurations', {
      as: keys.acmeWrite,
      json: { name: 'German build', remoteVariableId: id, overrideValueString: 'Hallo' },
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      id: 852,
      projectId: 1001,
      name: 'German build',
      description: '',
      remoteVariableId: id,
      enabled: true,
      overrideValueInt: null,
      overrideValueString: 'Hallo',
      overrideValueBoolean: null,
    });
    expect(
      (await t.api('GET', '/projects/1001/remoteConfigurations', { as: keys.acmeRead })).body.map(
        (c: { id: number }) => c.id,
      ),
    ).toEqual([851, 852]);
    expect((await t.api('GET', `/projects/1001/remoteVariables/${id}`, { as: keys.acmeRead })).body.valid).toBe(true);

    const updated = await t.api('PUT', '/projects/1001/remoteConfigurations/852', {
      as: keys.acmeWrite,
      json: { enabled: false, overrideValueString: 'Servus' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'German build', enabled: false, overrideValueString: 'Servus' });
    expect((await t.api('GET', '/projects/1001/remoteConfigurations', { as: keys.acmeRead })).body[1]).toEqual(
      updated.body,
    );
    expect((await t.api('GET', `/projects/1001/remoteVariables/${id}`, { as: keys.acmeRead })).body.valid).toBe(false);

    const deleted = await t.api('DELETE', '/projects/1001/remoteConfigurations/852', { as: keys.acmeWrite });
    expect(deleted.status).toBe(204);
    expect(
      (await t.api('GET', '/projects/1001/remoteConfigurations', { as: keys.acmeRead })).body.map(
        (c: { id: number }) => c.id,
      ),
    ).toEqual([851]);
    expect((await t.api('DELETE', '/projects/1001/remoteConfigurations/852', { as: keys.acmeWrite })).status).toBe(404);
  });

  it('needs a variable of this project and an override of its type (400)', async () => {
    const foreign = await t.api('POST', '/projects/1001/remoteConfigurations', {
      as: keys.acmeWrite,
      json: { name: 'x', remoteVariableId: 803, overrideValueBoolean: false },
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body).toEqual({
      code: 400,
      message: 'remoteVariableId 803 is not a remote variable of this project',
      field: '/remoteVariableId',
    });
    const wrongType = await t.api('POST', '/projects/1001/remoteConfigurations', {
      as: keys.acmeWrite,
      json: { name: 'x', remoteVariableId: 801, overrideValueBoolean: true },
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.field).toBe('/overrideValueBoolean');
    const wrongUpdate = await t.api('PUT', '/projects/1001/remoteConfigurations/851', {
      as: keys.acmeWrite,
      json: { overrideValueString: '5' },
    });
    expect(wrongUpdate.status).toBe(400);
    expect(t.mock.store.tables.remoteConfigurations.get(851)!.record.overrideValueInt).toBe(5);
    expect(t.mock.store.tables.remoteConfigurations.size).toBe(1);
  });
});

describe('A/B tests', () => {
  const trial = {
    name: 'Speed limit trial',
    remoteVariableId: 801,
    remoteVariableProbability: 34,
    isSticky: 'true',
    abTestVariables: [
      { valueInt: 6, probability: 33 },
      { valueInt: 10, probability: 33 },
    ],
  };

  it('creates a test (string isSticky stored as a boolean, variant ids assigned); reads show it', async () => {
    const created = await t.api('POST', '/projects/1001/abTests', { as: keys.acmeWrite, json: trial });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      id: 872,
      projectId: 1001,
      name: 'Speed limit trial',
      remoteVariableId: 801,
      remoteVariableProbability: 34,
      isEnabled: true,
      isSticky: true,
      abTestVariables: [
        { id: 3, valueInt: 6, valueString: null, valueBoolean: null, probability: 33 },
        { id: 4, valueInt: 10, valueString: null, valueBoolean: null, probability: 33 },
      ],
    });
    expect((await t.api('GET', '/projects/1001/abTests/872', { as: keys.acmeRead })).body).toEqual(created.body);
    expect(
      (await t.api('GET', '/projects/1001/abTests', { as: keys.acmeRead })).body.map((a: { id: number }) => a.id),
    ).toEqual([871, 872]);
  });

  it('refuses probabilities totalling more than 100 (400), on create and update', async () => {
    const over = await t.api('POST', '/projects/1001/abTests', {
      as: keys.acmeWrite,
      json: { ...trial, remoteVariableProbability: 40 },
    });
    expect(over.status).toBe(400);
    expect(over.body).toEqual({
      code: 400,
      message: "remoteVariableProbability plus the variants' probabilities total 106, more than 100",
      field: '/abTestVariables',
    });
    expect(t.mock.store.tables.abTests.size).toBe(1);
    // 871 keeps 50 on the variable's own value and gives 25 + 25 to its variants.
    const update = await t.api('PUT', '/projects/1001/abTests/871', {
      as: keys.acmeWrite,
      json: { remoteVariableProbability: 60 },
    });
    expect(update.status).toBe(400);
    expect(
      (await t.api('GET', '/projects/1001/abTests/871', { as: keys.acmeRead })).body.remoteVariableProbability,
    ).toBe(50);
    const exactly = await t.api('POST', '/projects/1001/abTests', {
      as: keys.acmeWrite,
      json: { ...trial, remoteVariableProbability: 34.0 },
    });
    expect(exactly.status).toBe(200);
  });

  it('refuses a variant value of another type, or a variable of another project (400)', async () => {
    const wrongType = await t.api('POST', '/projects/1001/abTests', {
      as: keys.acmeWrite,
      json: {
        ...trial,
        abTestVariables: [
          { valueInt: 6, probability: 10 },
          { valueString: 'fast', probability: 10 },
        ],
      },
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.field).toBe('/abTestVariables/1/valueString');
    const foreign = await t.api('POST', '/projects/1001/abTests', {
      as: keys.acmeWrite,
      json: { ...trial, remoteVariableId: 802, abTestVariables: [{ valueString: 'light', probability: 10 }] },
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.field).toBe('/remoteVariableId');
    expect(t.mock.store.tables.abTests.size).toBe(1);
  });

  it('updates a test partially; new variants replace the list', async () => {
    const updated = await t.api('PUT', '/projects/1001/abTests/871', {
      as: keys.acmeWrite,
      json: { isEnabled: false, isSticky: false, abTestVariables: [{ valueInt: 9, probability: 50 }] },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({
      id: 871,
      projectId: 1001,
      name: 'Spawn rate trial',
      remoteVariableId: 801,
      remoteVariableProbability: 50,
      isEnabled: false,
      isSticky: false,
      abTestVariables: [{ id: 3, valueInt: 9, valueString: null, valueBoolean: null, probability: 50 }],
    });
    expect((await t.api('GET', '/projects/1001/abTests/871', { as: keys.acmeRead })).body).toEqual(updated.body);
    expect(
      (await t.api('PUT', '/projects/1001/abTests/871', { as: keys.acmeWrite, json: { remoteVariableId: 801 } }))
        .status,
    ).toBe(400);
  });

  it('deletes a test; another project’s test is 404', async () => {
    expect((await t.api('DELETE', '/projects/1002/abTests/871', { as: keys.acmeWrite })).status).toBe(404);
    expect((await t.api('DELETE', '/projects/1001/abTests/871', { as: keys.acmeWrite })).status).toBe(204);
    expect((await t.api('GET', '/projects/1001/abTests/871', { as: keys.acmeRead })).status).toBe(404);
    expect((await t.api('GET', '/projects/1001/abTests', { as: keys.acmeRead })).body).toEqual([]);
  });
});
