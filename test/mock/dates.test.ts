import { describe, expect, it } from 'vitest';
import { createMock } from '../../src/core/mock.ts';
import { embeddedSeed } from '../../src/store/embedded-seed.ts';
import { parseServerArgs } from '../../src/server/cli-options.ts';
import { dayMs, seedReferenceDate } from '../../src/store/time-shift.ts';
import { harnessFor, keys, answerOf } from '../support/mock.ts';

const referenceDate = Date.UTC(2026, 0, 21);
const today = Date.UTC(2026, 11, 1, 10, 30);
const shiftDays = (Date.UTC(2026, 11, 1) - referenceDate) / dayMs;

const harness = (options: Parameters<typeof createMock>[0]) => {
  const mock = createMock({ validateResponses: true, ...options });
  return harnessFor(mock, async (host, request) => answerOf(await mock.hosts[host](request)));
};

const isoShift = (before: string, after: string) => Date.parse(after) - Date.parse(before);

/** Every leaf where two snapshots differ, as `table[index].path: before → after`. */
function differences(
  before: unknown,
  after: unknown,
  path: string,
  out: { path: string; before: unknown; after: unknown }[],
) {
  if (typeof before === 'object' && before !== null && typeof after === 'object' && after !== null) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      differences(
        (before as Record<string, unknown>)[key],
        (after as Record<string, unknown>)[key],
        `${path}.${key}`,
        out,
      );
    }
  } else if (before !== after) out.push({ path, before, after });
  return out;
}

const lastThirtyDays = (now: number) => ({
  page: 0,
  limit: 100,
  sort: 'desc',
  orderBy: { fieldName: 'date', fieldParent: 'session' },
  entityFilters: { projectId: 1001 },
  sessionFilters: [
    { field: { fieldName: 'date', fieldParent: 'session' }, op: 'gte', value: now - 30 * dayMs },
    { field: { fieldName: 'date', fieldParent: 'session' }, op: 'lte', value: now },
  ],
  sessionType: 'project',
});

describe('dates: the seed is served near the clock', () => {
  it("the default seed's reference date is the day after its newest session ended", () => {
    expect(seedReferenceDate(embeddedSeed)).toBe(referenceDate);
    expect(seedReferenceDate({})).toBeUndefined();
  });

  it('moves every date of the seed by the same whole number of days, so the newest session ended yesterday', () => {
    const shifted = createMock({ now: () => today });
    const asWritten = createMock({ shiftSeedDates: false });
    expect(shifted.seedShiftMs).toBe(shiftDays * dayMs);
    expect(asWritten.seedShiftMs).toBe(0);

    const changed = differences(asWritten.snapshot(), shifted.snapshot(), '', []);
    const wrong = changed.filter(({ before, after }) => {
      if (typeof before === 'string' && typeof after === 'string')
        return isoShift(before, after) !== shifted.seedShiftMs;
      if (typeof before === 'number' && typeof after === 'number') {
        // Epoch milliseconds move by the shift; the SDK streams' epoch seconds by the shift in seconds.
        return after - before !== shifted.seedShiftMs && Math.abs(after - before - shifted.seedShiftMs / 1000) > 1e-6;
      }
      return true;
    });
    expect(wrong).toEqual([]);
    const kinds = new Set(changed.map(({ path }) => path.replace(/\.\d+(?=\.|$)/g, '[]')));
    for (const path of [
      '.sessions[].date',
      '.sessions[].endDate',
      '.sessions[].createdAt',
      '.sessions[].startTime',
      '.sessions[].events[].date',
      '.sessions[].gaze[].time',
      '.sessions[].fixations[].time',
      '.sessions[].dynamics[].time',
      '.sessions[].sensors[].data[][]',
      '.projects[].createdAt',
      '.projects[].updatedAt',
      '.apiKeys[].revokedAt',
      '.developerKeys[].expiresAt',
      '.roleAssignments[].createdAt',
      '.organizations[].subscriptions[].expiration',
      '.exitPollResponses[].timestamp',
      '.reviews[].reviewedAt',
      '.dashboards[].dateStart',
    ]) {
      expect(kinds, path).toContain(path);
    }
    // Identifiers are not dates: session ids keep the epoch prefix they were seeded with.
    expect(kinds).not.toContain('.sessions[].sessionId');

    const newest = shifted.store.tables.sessions.get(100500912)!.record;
    expect(newest.date).toBe('2026-11-30T13:17:50.820Z');
    expect(newest.endDate).toBe('2026-11-30T13:29:29.220Z');
  });

  it('keeps every relation between dates: the expired developer key stays expired, the valid one valid', async () => {
    const t = harness({ now: () => today });
    const expired = await t.data('GET', '/apiKeys/verify', { as: keys.developerExpired });
    expect(expired.status).toBe(401);
    expect(expired.body.message).toContain('key expired');
    expect((await t.data('GET', '/apiKeys/verify', { as: keys.developer })).status).toBe(200);
  });

  it('moves the dates again on reset, and takes a restored snapshot as it is', () => {
    const mock = createMock({ now: () => today });
    const before = mock.snapshot();
    mock.reset();
    expect(mock.snapshot()).toEqual(before);
    mock.restore(before);
    expect(mock.snapshot()).toEqual(before);
  });

  it("a query for the last 30 days returns the seed's recent sessions", async () => {
    const t = harness({ now: () => today });
    const answer = await t.api('POST', '/datasets/sessions/paginatedListQueries', {
      as: keys.acmeRead,
      headers: { 'content-type': 'application/json' },
      json: lastThirtyDays(today),
    });
    expect(answer.status).toBe(200);
    expect(answer.body.count).toBe(6);
    expect(answer.body.results.map((session: { id: number }) => session.id)).toEqual([
      100500912, 100500911, 100500910, 100500909, 100500908, 100500907,
    ]);
    expect(answer.body.results[0].date).toBe('2026-11-30T13:17:50.820Z');
  });

  it('with the clock pinned, answers are byte-identical across runs; at the reference date nothing moves', async () => {
    const run = async () => {
      const t = harness({ clock: '2026-06-15T08:00:00Z' });
      const list = await t.api('POST', '/datasets/sessions/paginatedListQueries', {
        as: keys.acmeRead,
        json: lastThirtyDays(Date.parse('2026-06-15T08:00:00Z')),
      });
      const created = await t.api('POST', '/projects', {
        as: keys.acmeWrite,
        json: { name: 'Pinned', organizationId: 101 },
      });
      return [list.text, created.text];
    };
    const [first, second] = [await run(), await run()];
    expect(second).toEqual(first);
    expect(JSON.parse(first[1]!)).toMatchObject({
      createdAt: Date.parse('2026-06-15T08:00:00Z'),
      updatedAt: Date.parse('2026-06-15T08:00:00Z'),
    });
    expect(JSON.parse(first[0]!).count).toBe(6);

    const atReference = createMock({ clock: '2026-01-21' });
    expect(atReference.seedShiftMs).toBe(0);
    expect(atReference.now()).toBe(referenceDate);
    expect(atReference.snapshot()).toEqual(createMock({ shiftSeedDates: false }).snapshot());
  });

  it('refuses a clock that is not a date, naming the accepted forms', () => {
    expect(() => createMock({ clock: 'yesterday' })).toThrow(
      'clock "yesterday" is not a date: give an ISO-8601 date or date-time',
    );
    expect(() => parseServerArgs(['--clock', '2026-13-45'])).toThrow('--clock "2026-13-45" is not a date');
    const parsed = parseServerArgs(['--clock', '2026-01-21T09:30:00Z']);
    expect(parsed.help === false && parsed.options.clock).toBe('2026-01-21T09:30:00Z');
  });
});
