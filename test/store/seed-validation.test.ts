import { describe, expect, it } from 'vitest';
import { embeddedSeed } from '../../src/store/embedded-seed.ts';
import { flatRecordSchema } from '../../src/store/flat-schema.ts';
import { SeedError, validateSeed } from '../../src/store/seed.ts';

/** The default seed with its first session changed. */
function withSession(change: (session: Record<string, any>) => void) {
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
