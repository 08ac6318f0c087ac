import { beforeEach, describe, expect, it } from 'vitest';
import { keys, startMock } from '../support/mock.ts';

let t: ReturnType<typeof startMock>;
beforeEach(() => {
  t = startMock();
});

const remote = (identifier: string, as: string = keys.data1001) =>
  t.data('GET', `/remotevariables?identifier=${encodeURIComponent(identifier)}`, {
    as,
    headers: { 'X-HTTP-Method-Override': 'GET' },
  });

const weekendRush = {
  name: 'Weekend rush',
  description: 'More pallets arrive during the weekend-rush scenario.',
  remoteVariableName: 'spawn_rate',
  type: 'int',
  valueInt: 5,
  valueString: null,
  valueBool: null,
};

describe('collector: remote variables', () => {
  it('answers the same assignment for the same identifier, and splits identifiers over the A/B test', async () => {
    const first = await remote('trainee-0042');
    expect(first.status).toBe(200);
    expect(first.headers.get('cvr-request-time')).toMatch(/^\d+$/);
    expect((await remote('trainee-0042')).body).toEqual(first.body);

    const seen = { control: 0, variant2: 0, variant4: 0 };
    for (let n = 0; n < 200; n++) {
      const { body } = await remote(`participant-${n}`);
      if (body.abTests.length === 0) {
        seen.control++;
        // Not in a variant: the enabled configuration of the variable applies.
        expect(body.remoteConfigurations).toEqual([weekendRush]);
        continue;
      }
      expect(body.abTests).toHaveLength(1);
      const [assigned] = body.abTests;
      expect(assigned).toMatchObject({
        name: 'Spawn rate trial',
        remoteVariableName: 'spawn_rate',
        type: 'int',
        valueString: null,
        valueBool: null,
      });
      if (assigned.valueInt === 2) seen.variant2++;
      else if (assigned.valueInt === 4) seen.variant4++;
      else throw new Error(`unexpected variant ${assigned.valueInt}`);
      // The A/B test's value takes precedence over the configuration of the same variable.
      expect(body.remoteConfigurations).toEqual([]);
    }
    expect(seen.control).toBeGreaterThan(70);
    expect(seen.variant2).toBeGreaterThan(25);
    expect(seen.variant4).toBeGreaterThan(25);
  });

  it('serves only enabled configurations and tests: later reads follow the stored changes', async () => {
    t.mock.store.tables.abTests.update(871, { record: { isEnabled: false } });
    expect((await remote('trainee-0042')).body).toEqual({ abTests: [], remoteConfigurations: [weekendRush] });
    t.mock.store.tables.remoteConfigurations.update(851, { record: { enabled: false } });
    expect((await remote('trainee-0042')).body).toEqual({ abTests: [], remoteConfigurations: [] });
  });

  it("answers another project's key with that project's variables only", async () => {
    expect((await remote('operator-07', keys.data2001)).body).toEqual({ abTests: [], remoteConfigurations: [] });
  });

  it('requires the identifier (400)', async () => {
    const answer = await t.data('GET', '/remotevariables', { as: keys.data1001 });
    expect(answer.status).toBe(400);
  });
});
