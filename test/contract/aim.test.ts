import { describe, expect, it } from 'vitest';
import { Aimer } from '../../src/contract/aim.ts';
import { allOperations } from '../../src/contract/operations.ts';
import { loadPrincipals, type Resources } from '../../src/contract/principals.ts';
import { bundledDocuments } from '../../src/spec/load.ts';

/** A request aimed at a tenant names only that tenant's ids: where it has none for an id, the operation is not aimed at it. */

const aimer = new Aimer(bundledDocuments);
const operation = (operationId: string) => allOperations().find((op) => op.operationId === operationId)!;
const file = await loadPrincipals('fixtures/default.principals.json');
const globex = file.tenants.globex!;
const onlyPlace: Resources = { domainId: 1, organizationId: 102, projectId: 2001 };
const bodyOf = (aimed: ReturnType<Aimer['aim']>) => {
  if ('unaimable' in aimed) throw new Error(aimed.unaimable);
  return JSON.parse(aimed.body && 'text' in aimed.body ? aimed.body.text : 'null');
};

describe('example bodies', () => {
  it("carry the tenant's ids in place of the seed's, at any depth and in lists", () => {
    const metrics = bodyOf(aimer.aim(operation('querySingleObjectSessionMetrics'), globex, 'example'));
    expect(metrics).toMatchObject({
      projectId: '2001',
      sceneId: globex.sceneId,
      versionId: String(globex.versionId),
      objectId: String(globex.objectId),
    });
    const report = bodyOf(aimer.aim(operation('generateSessionsReport'), globex, 'example'));
    expect(report.sessionIds).toEqual([globex.sessionId]);
    const lookup = bodyOf(aimer.aim(operation('lookupSessionMetadata'), globex, 'example'));
    expect(lookup.sdkIdSceneIds).toEqual([{ sdkId: globex.sessionId, sceneId: globex.sceneId }]);
    const objects = bodyOf(aimer.aim(operation('queryObjectMetrics'), globex, 'example'));
    expect(objects.entityFilters).toMatchObject({
      projectId: 2001,
      sceneId: globex.sceneId,
      versionId: globex.versionId,
    });
    expect(objects.objectIds).toEqual([String(globex.objectId)]);
  });

  it('leave fields that are not ids a tenant can hold as the documents give them', () => {
    const slicer = bodyOf(aimer.aim(operation('querySlicer'), globex, 'example'));
    expect(slicer.aggregations[0].name).toBe('main');
    const participant = bodyOf(aimer.aim(operation('queryParticipantSessions'), onlyPlace, 'example'));
    expect(participant).toMatchObject({ organizationId: 102, participantId: 'trainee-017' });
  });

  it('make the operation unaimable when they hold an id the tenant has no value for', () => {
    expect(aimer.aim(operation('querySingleObjectSessionMetrics'), onlyPlace, 'example')).toEqual({
      unaimable: "no value for sceneId (the example body's /sceneId)",
    });
    expect(aimer.aim(operation('queryObjectMetrics'), onlyPlace, 'example')).toEqual({
      unaimable: "no value for sceneId (the example body's /entityFilters/sceneId)",
    });
    const { sessionId: _, ...withoutSessions } = globex;
    expect(aimer.aim(operation('generateSessionsReport'), withoutSessions as Resources, 'example')).toEqual({
      unaimable: "no value for sessionId (the example body's /sessionIds)",
    });
    expect(aimer.aim(operation('lookupSessionMetadata'), withoutSessions as Resources, 'example')).toEqual({
      unaimable: "no value for sessionId (the example body's /sdkIdSceneIds/0/sdkId)",
    });
  });
});

describe('ids in the query', () => {
  it("are the tenant's own, never the documented example's", () => {
    const reviews = aimer.aim(operation('listSessionReviews'), globex, 'example');
    expect(reviews).toMatchObject({
      path: `/projects/2001/reviews/session?sdkSessionId=${encodeURIComponent(globex.sessionId as string)}`,
    });
    expect(aimer.aim(operation('listSessionReviews'), onlyPlace, 'example')).toEqual({
      unaimable: 'no value for query parameter sdkSessionId',
    });
  });

  it('that are not ids may fall back to the documented example', () => {
    expect(aimer.aim(operation('getRemoteControls'), onlyPlace, 'example')).toMatchObject({
      path: expect.stringMatching(/^\/remotevariables\?identifier=.+/),
    });
  });
});
