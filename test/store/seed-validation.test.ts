import { describe, expect, it } from 'vitest';
import { createMock } from '../../src/core/mock.ts';
import { embeddedSeed } from '../../src/store/embedded-seed.ts';
import { flatRecordSchema } from '../../src/store/flat-schema.ts';
import { SeedError, validateSeed } from '../../src/store/seed.ts';

/** The default seed with its first session changed. */
function withSession(change: (session: Record<string, unknown>) => void) {
  const seed = structuredClone(embeddedSeed);
  change(seed.sessions![0]!);
  return seed;
}
const first = embeddedSeed.sessions![0]!;
const place = `seed.json: sessions[0] (id ${first.id})`;
const check = (seed: unknown) => () => validateSeed(seed, 'seed.json');

describe('seed validation of flat records', () => {
  it('checks dates as RFC 3339 date-times: the plain UTC form fast, every other form as fully as before', () => {
    for (const date of [
      '2026-02-28T23:59:59.999Z',
      '2024-02-29T00:00:00Z',
      '2016-12-31T23:59:60Z',
      '2026-01-05 09:30:00+01:00',
      '2026-01-05t09:30:00.5z',
    ]) {
      expect(check(withSession((session) => (session.date = date)))).not.toThrow();
    }
    for (const date of [
      '2026-02-29T00:00:00.000Z',
      '2026-13-01T00:00:00.000Z',
      '2026-01-05T24:00:00.000Z',
      '2026-01-05T09:60:00.000Z',
      '2026-01-05T09:30:00.Z',
      '2026-01-05',
    ]) {
      expect(check(withSession((session) => (session.date = date)))).toThrow(
        new SeedError(`${place}: field date must match format "date-time"`),
      );
    }
  });

  it('names the API field or the internal field at fault, the API field first when both are', () => {
    expect(check(withSession((session) => (session.duration = 'long')))).toThrow(
      new SeedError(`${place}: field duration must be number`),
    );
    expect(check(withSession((session) => (session.events = [{ name: 'x' }])))).toThrow(
      new SeedError(`${place}: field events.0.date is missing`),
    );
    expect(check(withSession((session) => (session.versionIds = [0])))).toThrow(
      new SeedError(`${place}: field versionIds.0 must be >= 1`),
    );
    expect(
      check(
        withSession((session) => {
          session.versionIds = 'all';
          session.hmd = 7.5;
        }),
      ),
    ).toThrow(new SeedError(`${place}: field hmd must be string,integer,null`));
    expect(check(withSession((session) => delete session.projectId))).toThrow(
      new SeedError(`${place}: field projectId is missing`),
    );
  });

  it('keeps a closed schema closed: a field neither in the record nor internal is refused', () => {
    const seed = structuredClone(embeddedSeed);
    (seed.apiKeys![0] as Record<string, unknown>).colour = 'red';
    expect(check(seed)).toThrow(
      new SeedError(`seed.json: apiKeys[0] (id ${embeddedSeed.apiKeys![0]!.id}): field colour is not allowed`),
    );
  });
});

describe('flatRecordSchema', () => {
  const record = {
    type: 'object',
    required: ['id', 'events', 'versions'],
    properties: { id: { $ref: '#/components/schemas/Id' }, events: { type: 'array' }, versions: { type: 'array' } },
    additionalProperties: false,
  };

  it('checks internal fields with their own schemas, after the API fields, and needs no composed field', () => {
    expect(
      flatRecordSchema(
        record,
        'api',
        ['events', 'secret'],
        { events: { type: 'array', items: { type: 'object' } } },
        { versions: [] },
      ),
    ).toEqual({
      type: 'object',
      properties: {
        id: { $ref: 'api#/components/schemas/Id' },
        versions: { type: 'array' },
        events: { type: 'array', items: { type: 'object' } },
        secret: true,
      },
      required: ['id'],
      additionalProperties: false,
    });
  });

  it('leaves a schema that is more than a plain object schema to the split form', () => {
    expect(flatRecordSchema({ ...record, minProperties: 1 }, 'api', [], undefined, undefined)).toBeUndefined();
    expect(flatRecordSchema({ allOf: [record] }, 'api', [], undefined, undefined)).toBeUndefined();
  });
});

describe('subscriptions', () => {
  it('are whole Subscriptions, as getSubscriptionInfo answers them: a missing planType is refused, naming it', () => {
    const seed = structuredClone(embeddedSeed);
    const organization = seed.organizations![0]!;
    const [subscription] = organization.subscriptions as Record<string, unknown>[];
    delete subscription!.planType;
    expect(check(seed)).toThrow(
      new SeedError(`seed.json: organizations[0] (id ${organization.id}): field subscriptions.0.planType is missing`),
    );
  });
});

describe('seeds that cannot lie: every reference a principal resolves through is there and exists', () => {
  /** The default seed with one table's record changed. */
  function changed<T extends keyof typeof embeddedSeed>(
    table: T,
    index: number,
    change: (record: Record<string, unknown>) => void,
  ) {
    const seed = structuredClone(embeddedSeed);
    change(seed[table]![index]!);
    return seed;
  }

  it("refuses an organization without its domain: its keys and roles would be 'unknown'", () => {
    expect(check(changed('organizations', 1, (organization) => delete organization.domainId))).toThrow(
      new SeedError(
        'seed.json: organizations[1] (id 102): field domainId is missing (the credentials of principals resolve through it)',
      ),
    );
  });

  it('refuses a key without its organization, domain, project or user', () => {
    const missing = (place: string, field: string) =>
      new SeedError(
        `seed.json: ${place}: field ${field} is missing (the credentials of principals resolve through it)`,
      );
    expect(check(changed('apiKeys', 2, (key) => delete key.organizationId))).toThrow(
      missing('apiKeys[2] (id 3)', 'organizationId'),
    );
    expect(check(changed('apiKeys', 2, (key) => (key.organizationId = 103)))).toThrow(
      new SeedError(
        'seed.json: apiKeys[2] (id 3): field organizationId refers to organizations 103, which the seed does not have',
      ),
    );
    expect(check(changed('domainKeys', 0, (key) => (key.domainId = 2)))).toThrow(
      new SeedError(
        'seed.json: domainKeys[0] (id 1): field domainId refers to domains 2, which the seed does not have',
      ),
    );
    expect(check(changed('developerKeys', 1, (key) => (key.userId = 99)))).toThrow(
      new SeedError(
        'seed.json: developerKeys[1] (id 2): field userId refers to users 99, which the seed does not have',
      ),
    );
    expect(check(changed('dataKeys', 1, (key) => (key.projectId = 3001)))).toThrow(
      new SeedError(
        'seed.json: dataKeys[1] (id 2): field projectId refers to projects 3001, which the seed does not have',
      ),
    );
  });

  it('refuses a role assignment whose scope or user does not exist, and a scene version without its scene', () => {
    expect(check(changed('roleAssignments', 3, (role) => (role.scopeId = 1003)))).toThrow(
      new SeedError(
        'seed.json: roleAssignments[3] (id 4): field scopeId refers to projects 1003, which the seed does not have',
      ),
    );
    expect(check(changed('roleAssignments', 7, (role) => (role.scopeId = 101)))).toThrow(
      new SeedError(
        'seed.json: roleAssignments[7] (id 8): field scopeId refers to domains 101, which the seed does not have',
      ),
    );
    expect(check(changed('roleAssignments', 0, (role) => (role.userId = 10)))).toThrow(
      new SeedError(
        'seed.json: roleAssignments[0] (id 1): field userId refers to users 10, which the seed does not have',
      ),
    );
    expect(check(changed('sceneVersions', 0, (version) => delete version.sceneId))).toThrow(
      new SeedError(
        'seed.json: sceneVersions[0] (id 3001): field sceneId is missing (the credentials of principals resolve through it)',
      ),
    );
  });

  it('refuses a login session of a user the seed does not have', () => {
    const seed = {
      ...structuredClone(embeddedSeed),
      loginSessions: [{ token: 'a'.repeat(32), userId: 42, csrf: 'b'.repeat(32), createdAt: 1767225600000 }],
    };
    expect(check(seed)).toThrow(
      new SeedError(
        `seed.json: loginSessions[0] (token "${'a'.repeat(32)}"): field userId refers to users 42, which the seed does not have`,
      ),
    );
  });

  it('names the seed passed to createMock as such when no seedSource is given', () => {
    const seed = changed('organizations', 0, (organization) => delete organization.domainId);
    expect(() => createMock({ seed })).toThrow(
      new SeedError(
        'the seed passed to createMock: organizations[0] (id 101): field domainId is missing (the credentials of principals resolve through it)',
      ),
    );
  });
});
