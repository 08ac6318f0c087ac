import type { OpenAPI3 } from 'openapi-typescript';
import { beforeAll, expect, it } from 'vitest';
import { bundleDocument } from '../../src/spec/bundle.ts';
import { sourcePath } from '../../src/spec/documents.ts';
import { describeOperation, listOperations } from '../../src/spec/operations.ts';

/**
 * Every route of the dashboard API, each method its own operation: those the public record shows, and those the
 * mock adds where it shows none (`x-c3d-source: inferred`).
 */
const dashboardRoutes = `
GET /organizations/apiKeys/whoami
GET /organizations/{organizationId}
PUT /organizations/{organizationId}
GET /organizations/{organizationId}/tags
GET /organizations/{organizationId}/tags/all
POST /organizations/{organizationId}/tags
GET /projects/{projectId}
POST /projects
PUT /projects/{projectId}
DELETE /projects/{projectId}
GET /projects/{projectId}/scenes
GET /scenes/{sceneId}
GET /projects/{projectId}/objects
GET /versions/{versionId}/objects
DELETE /versions/{versionId}/objects/{objectId}
POST /datasets/sessions/paginatedListQueries
POST /datasets/sessions/singleQueries
POST /datasets/sessions/singleProjectSessionQueries
POST /datasets/sessions/participantSessionsQueries
POST /projects/{projectId}/sessions/{sessionId}/jsonRequests
POST /versions/{versionId}/sessions/{sessionId}/jsonRequests
GET /projects/{projectId}/sessions/{sessionId}/jsonZipRequest
GET /versions/{versionId}/sessions/{sessionId}/jsonZipRequest
GET /versions/{versionId}/sessions/{sessionId}/metadata
POST /projects/{projectId}/sessions/metadataLookups
PUT /projects/{projectId}/sessions/{sessionId}/tags/{tagName}
GET /projects/{projectId}/sessions/{sessionId}/report.pdf
GET /versions/{versionId}/sessions/{sessionId}/report.pdf
POST /versions/{versionId}/sessionsReport.pdf
POST /versions/{versionId}/sessions/{sessionId}/reportEmails
POST /datasets/sessions/slicerQueries
POST /datasets/sessions/slicerPropertyNameQueries
POST /propertyNameQueries
POST /datasets/sessions/slicerObjectMetricQueries
POST /datasets/sessions/slicerSingleObjectPerSessionMetricQueries
GET /projects/{projectId}/objectives
GET /projects/{projectId}/objectives/{objectiveId}
GET /versions/{versionId}/objectives/{objectiveId}
POST /versions/{versionId}/objectives
POST /versions/{versionId}/objectives/{objectiveId}/versions
DELETE /versions/{versionId}/objectives/{objectiveId}
GET /versions/{versionId}/sessions/{sessionId}/objectiveData
GET /versions/{versionId}/objectiveVersions/{objectiveVersionId}/stepResults
GET /versions/{versionId}/objectiveVersions/{objectiveVersionId}/results
GET /projects/{projectId}/objectiveVersions/{objectiveVersionId}/results.csv
POST /datasets/objectives/objectiveResultQueries
POST /datasets/objectives/objectiveStepResultQueries
GET /questionSets
GET /projects/{projectId}/questionSets
GET /projects/{projectId}/questionSets/{name}
DELETE /projects/{projectId}/questionSets/{name}
GET /projects/{projectId}/questionSets/{name}/{version}/responses
POST /projects/{projectId}/questionSets/{name}/{version}/responseDumps
POST /projects/{projectId}/questionSets/{name}/{version}/responseCountQueries
GET /projects/{projectId}/remoteVariables
POST /projects/{projectId}/remoteVariables
GET /projects/{projectId}/remoteVariables/{remoteVariableId}
PUT /projects/{projectId}/remoteVariables/{remoteVariableId}
GET /projects/{projectId}/remoteConfigurations
POST /projects/{projectId}/remoteConfigurations
PUT /projects/{projectId}/remoteConfigurations/{remoteConfigurationId}
DELETE /projects/{projectId}/remoteConfigurations/{remoteConfigurationId}
GET /projects/{projectId}/abTests
POST /projects/{projectId}/abTests
GET /projects/{projectId}/abTests/{abTestId}
PUT /projects/{projectId}/abTests/{abTestId}
DELETE /projects/{projectId}/abTests/{abTestId}
GET /projects/{projectId}/media
POST /projects/{projectId}/media
GET /projects/{projectId}/media/{mediaId}/files/{fileName}
PUT /projects/{projectId}/media/{mediaId}/files/{fileName}
GET /projects/{projectId}/media/{mediaId}/pointOfInterests
DELETE /projects/{projectId}/media/{mediaId}
GET /projects/{projectId}/widgets
POST /projects/{projectId}/widgets
GET /projects/{projectId}/widgets/{widgetId}
PUT /projects/{projectId}/widgets/{widgetId}
DELETE /projects/{projectId}/widgets/{widgetId}
GET /projects/{projectId}/dashboards
POST /projects/{projectId}/dashboards
PUT /projects/{projectId}/dashboards/{dashboardId}
DELETE /projects/{projectId}/dashboards/{dashboardId}
POST /projects/{projectId}/reviews
GET /projects/{projectId}/reviews
GET /projects/{projectId}/reviews/session
POST /sessions
GET /sessions/current
DELETE /sessions/current
GET /users/me
PUT /users/me
PUT /users/me/password
GET /domains/{domainId}
PUT /domains/{domainId}
GET /domains/{domainId}/organizations
GET /organizations/{organizationId}/members
POST /organizations/{organizationId}/members
PUT /organizations/{organizationId}/members/{userId}
DELETE /organizations/{organizationId}/members/{userId}
GET /projects/{projectId}/members
POST /projects/{projectId}/members
PUT /projects/{projectId}/members/{userId}
DELETE /projects/{projectId}/members/{userId}
GET /organizations/{organizationId}/apiKeys
POST /organizations/{organizationId}/apiKeys
DELETE /organizations/{organizationId}/apiKeys/{apiKeyId}
GET /organizations/{organizationId}/auditLog
GET /organizations/{organizationId}/connections
POST /organizations/{organizationId}/connections
DELETE /organizations/{organizationId}/connections/{connectionId}
`;

/** Every route of the data collector API the public record shows (the SDKs' uploads and lookups), per method. */
const collectorRoutes = `
GET /apiKeys/verify
GET /applicationKey
GET /subscriptions
GET /user
GET /scenes
GET /scenes/{sceneId}
POST /scenes
POST /scenes/{sceneId}
PUT /scenes/{sceneId}
POST /scenes/{sceneId}/screenshot
POST /objects/{sceneId}/{objectMeshName}
POST /objects/{sceneId}
GET /versions/{versionId}/objects
GET /media
GET /hooks
POST /gaze/{sceneId}
POST /events/{sceneId}
POST /dynamics/{sceneId}
POST /sensors/{sceneId}
POST /fixations/{sceneId}
POST /boundary/{sceneId}
GET /questionSetHooks/{hook}/questionSet
POST /questionSets/{questionSetName}/{questionSetVersion}/responses
GET /remotevariables
POST /audio
`;

const lines = (text: string) => text.trim().split('\n').sort();
const docs: Record<string, OpenAPI3> = {};

beforeAll(async () => {
  docs.api = await bundleDocument(sourcePath('api'));
  docs.data = await bundleDocument(sourcePath('data'));
}, 60_000);

it('the dashboard document holds exactly the routes of the record and the inferred ones', () => {
  expect(listOperations(docs.api!).map(describeOperation).sort()).toEqual(lines(dashboardRoutes));
});

it('the data-collector document holds exactly the routes of the record', () => {
  expect(listOperations(docs.data!).map(describeOperation).sort()).toEqual(lines(collectorRoutes));
});
