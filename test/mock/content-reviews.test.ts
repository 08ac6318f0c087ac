import { beforeEach, describe, expect, it } from 'vitest';
import { keys, startMock, type Caller } from '../support/mock.ts';

let t: ReturnType<typeof startMock>;
beforeEach(() => {
  t = startMock();
});

function form(csv: string, asFile = false): FormData {
  const body = new FormData();
  if (asFile) body.append('reviews', new Blob([csv], { type: 'text/csv' }), 'reviews.csv');
  else body.append('reviews', csv);
  return body;
}

const importCsv = (csv: string, options: { asFile?: boolean; as?: Caller } = {}) =>
  t.api('POST', '/projects/1001/reviews', { as: options.as ?? keys.acmeWrite, body: form(csv, options.asFile) });

const ids = (answer: { body: { id: number }[] }) => answer.body.map((review) => review.id);

describe('reviews', () => {
  it('lists the seeded reviews newest first', async () => {
    const answer = await t.api('GET', '/projects/1001/reviews', { as: keys.acmeRead });
    expect(answer.status).toBe(200);
    expect(ids(answer)).toEqual([982, 981]);
    expect(answer.body[1]).toEqual({
      id: 981,
      projectId: 1001,
      sdkSessionId: '1767605400_6826c6e1a9d24f6b',
      versionId: 3002,
      rating: 4,
      title: 'Great forklift practice',
      body: 'Realistic warehouse, the steering takes some getting used to.',
      author: 'Jordan L.',
      reviewedAt: '2026-01-05T10:12:00.000Z',
    });
  });

  it('imports a CSV (columns in any order and case, quoted cells, extra columns ignored); the list shows the rows', async () => {
    const csv = [
      '\uFEFFAuthor,Rating,ReviewedAt,Title,Body,Platform,sdkSessionId,versionId',
      'Ana P.,5,2026-01-20T08:00:00Z,Loved it,"Clear, calm instructions.\r\nWould train again.",Quest 3,1768915070_91c4be7f0a3d2e65,3002',
      '"Li ""Ace"" Wu",3,2026-01-21T09:30:00.000+01:00,Okay,,Quest 2,,',
      '',
    ].join('\r\n');
    const imported = await importCsv(csv);
    expect(imported.status).toBe(200);
    expect(imported.body).toEqual({ imported: 2 });
    const list = await t.api('GET', '/projects/1001/reviews', { as: keys.acmeRead });
    expect(ids(list)).toEqual([984, 983, 982, 981]);
    expect(list.body[0]).toEqual({
      id: 984,
      projectId: 1001,
      rating: 3,
      title: 'Okay',
      body: '',
      author: 'Li "Ace" Wu',
      reviewedAt: '2026-01-21T08:30:00.000Z',
      sdkSessionId: null,
      versionId: null,
    });
    expect(list.body[1]).toMatchObject({
      id: 983,
      rating: 5,
      body: 'Clear, calm instructions.\r\nWould train again.',
      sdkSessionId: '1768915070_91c4be7f0a3d2e65',
      versionId: 3002,
    });
  });

  it('takes the CSV as a file part too', async () => {
    const imported = await importCsv('rating,title,body,author,reviewedAt\n4,Fine,Good,Kim,2026-02-01\n', {
      asFile: true,
    });
    expect(imported.body).toEqual({ imported: 1 });
    expect((await t.api('GET', '/projects/1001/reviews', { as: keys.acmeRead })).body[0]).toMatchObject({
      id: 983,
      author: 'Kim',
      reviewedAt: '2026-02-01T00:00:00.000Z',
    });
  });

  it('refuses the whole import when one row is bad (400 naming the row); nothing is imported', async () => {
    const csv =
      'rating,title,body,author,reviewedAt\n5,Great,Nice,Ana,2026-01-20T08:00:00Z\n6,Too good,Wow,Bo,2026-01-21T08:00:00Z\n';
    const refused = await importCsv(csv);
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      code: 400,
      message: 'Row at line 3 of the reviews CSV: rating "6" is not an integer from 1 to 5; nothing was imported',
      field: 'reviews',
    });
    expect(t.mock.store.tables.reviews.size).toBe(2);
    expect(ids(await t.api('GET', '/projects/1001/reviews', { as: keys.acmeRead }))).toEqual([982, 981]);
  });

  it('names what else makes a row or file bad', async () => {
    const header = 'rating,title,body,author,reviewedAt,sdkSessionId,versionId\n';
    const message = async (csv: string) => (await importCsv(csv)).body.message as string;
    expect(await message(`${header}4,a,b,,2026-01-01T00:00:00Z,,\n`)).toContain('author is missing');
    expect(await message(`${header}4,a,b,c,yesterday,,\n`)).toContain(
      'reviewedAt "yesterday" is not an ISO-8601 date-time',
    );
    expect(await message(`${header}4,a,b,c,2026-01-01,1765180694_4c8a2e6f1d9b0753,\n`)).toContain(
      'sdkSessionId "1765180694_4c8a2e6f1d9b0753" is not a session of this project',
    );
    expect(await message(`${header}4,a,b,c,2026-01-01,,3004\n`)).toContain(
      'versionId 3004 is not a scene version of this project',
    );
    expect(await message(`${header}4,a,b,c,2026-01-01,1767605400_6826c6e1a9d24f6b,3001\n`)).toContain(
      'was not recorded in scene version 3001',
    );
    expect(await message('rating,title,author,reviewedAt\n4,a,c,2026-01-01\n')).toBe(
      'The reviews CSV has no "body" column',
    );
    expect(await message(`${header}4,"never closed,b,c,2026-01-01,,\n`)).toBe(
      'The reviews CSV is malformed: line 2: a quoted value is never closed',
    );
    const otherPart = new FormData();
    otherPart.append('other', 'x');
    const noPart = await t.api('POST', '/projects/1001/reviews', { as: keys.acmeWrite, body: otherPart });
    expect(noPart.status).toBe(400);
    expect(noPart.body.field).toBe('reviews');
    expect(t.mock.store.tables.reviews.size).toBe(2);
  });

  it('lists the reviews of one session, optionally of one scene version', async () => {
    const session = await t.api('GET', '/projects/1001/reviews/session?sdkSessionId=1767605400_6826c6e1a9d24f6b', {
      as: keys.acmeRead,
    });
    expect(session.status).toBe(200);
    expect(ids(session)).toEqual([981]);
    expect(
      ids(
        await t.api('GET', '/projects/1001/reviews/session?sdkSessionId=1767605400_6826c6e1a9d24f6b&versionId=3002', {
          as: keys.acmeRead,
        }),
      ),
    ).toEqual([981]);
    expect(
      (
        await t.api('GET', '/projects/1001/reviews/session?sdkSessionId=1767605400_6826c6e1a9d24f6b&versionId=3001', {
          as: keys.acmeRead,
        })
      ).body,
    ).toEqual([]);
    expect(
      (await t.api('GET', '/projects/1001/reviews/session?sdkSessionId=nobody', { as: keys.acmeRead })).body,
    ).toEqual([]);
    expect((await t.api('GET', '/projects/1001/reviews/session', { as: keys.acmeRead })).status).toBe(400);
  });

  it('refuses an observer of the project (403)', async () => {
    const viewer = await t.login('viewer@acme.example');
    const refused = await importCsv('rating,title,body,author,reviewedAt\n4,a,b,c,2026-01-01\n', { as: viewer });
    expect(refused.status).toBe(403);
    expect(t.mock.store.tables.reviews.size).toBe(2);
  });
});
