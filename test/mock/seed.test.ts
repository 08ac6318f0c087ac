import { describe, expect, it } from 'vitest';
import { createMock } from '../../src/core/mock.ts';
import { embeddedSeed } from '../../src/store/embedded-seed.ts';
import { generateSeed } from '../../src/store/generate-seed.ts';
import { SeedError, validateSeed } from '../../src/store/seed.ts';

describe('seeds', () => {
  it('the embedded default seed is valid', () => {
    expect(() => validateSeed(embeddedSeed, 'fixtures/default.json')).not.toThrow();
  });

  it('a bad seed stops the mock with a message naming the file, the record and the field', () => {
    const broken = structuredClone(embeddedSeed);
    (broken.projects![1] as Record<string, unknown>).name = 42;
    expect(() => createMock({ seed: broken, seedSource: 'my-seed.json' })).toThrow(
      new SeedError('my-seed.json: projects[1] (id 1002): field name must be string'),
    );
    const dangling = structuredClone(embeddedSeed);
    dangling.scenes![0]!.projectId = 9999;
    expect(() => createMock({ seed: dangling, seedSource: 'my-seed.json' })).toThrow(
      new SeedError(
        'my-seed.json: scenes[0] (id "6f1c2a4e-0b7d-4c55-9a61-3d2f8e9b1a01"): field projectId refers to projects 9999, which the seed does not have',
      ),
    );
    expect(() => validateSeed({ planets: [] }, 'my-seed.json')).toThrow(/^my-seed\.json: planets: is not a table/);
  });

  it('generated seeds are valid, spread over the scene versions, and the same for the same random seed', () => {
    const first = generateSeed(embeddedSeed, 300, 7);
    expect(() => validateSeed(first, 'generated')).not.toThrow();
    expect(first.sessions!.length).toBe(embeddedSeed.sessions!.length + 300);
    expect(generateSeed(embeddedSeed, 300, 7)).toEqual(first);
    expect(generateSeed(embeddedSeed, 300, 8)).not.toEqual(first);
    const added =
      first.sceneVersions!.reduce((sum, v) => sum + (v.sessionCount as number), 0) -
      embeddedSeed.sceneVersions!.reduce((sum, v) => sum + (v.sessionCount as number), 0);
    expect(added).toBe(300);
    const mock = createMock({ seed: first });
    expect(mock.store.tables.sessions.children('projectId', 1001).length).toBeGreaterThan(12);
  });
});

describe('session pages over a generated seed', () => {
  it('small pages of a large project match the same slice of one big page, in both orders', async () => {
    const { startMock } = await import('../support/mock.ts');
    const t = startMock({ seed: generateSeed(embeddedSeed, 600, 11) });
    const page = async (sort: 'asc' | 'desc', pageNumber: number, limit: number) =>
      (
        await t.api('POST', '/datasets/sessions/paginatedListQueries', {
          as: 'orgkey-ac3e0000000000000000000000000002',
          json: {
            page: pageNumber,
            limit,
            sort,
            orderBy: { fieldName: 'date', fieldParent: 'session' },
            entityFilters: { projectId: 1001 },
            sessionType: 'project',
          },
        })
      ).body.results.map((s: { sessionId: string }) => s.sessionId);
    for (const sort of ['asc', 'desc'] as const) {
      const big = await page(sort, 0, 100);
      expect(big.length).toBe(100);
      for (const pageNumber of [0, 1, 3])
        expect(await page(sort, pageNumber, 5)).toEqual(big.slice(pageNumber * 5, pageNumber * 5 + 5));
    }
  });
});
