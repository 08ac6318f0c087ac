import { createApiClient } from '../../src/client/index.ts';
import type { ApiComponents, DataComponents } from '../../src/types.ts';

/*
 * Compile-time checks of the typed client against the documents' generated types: each line under
 * `@ts-expect-error` must not compile, and `tsc --noEmit` (part of `npm test`) fails with "unused directive"
 * as soon as one does; the lines without it must compile. Nothing here runs: test/client/types.test.ts sends
 * the same requests to the mock.
 */

type Schemas = ApiComponents['schemas'];
/** Whether a value of `T` may leave `K` out (an optional field). */
type MayLeaveOut<T, K extends keyof T> = undefined extends T[K] ? true : false;

const api = createApiClient();
const path = { projectId: 1001 };

// 1. Request fields with a default are optional: the session list needs only `entityFilters`.
export const sessionList = () =>
  api.POST('/datasets/sessions/paginatedListQueries', { body: { entityFilters: { projectId: 1001 } } });
type SessionListQuery = Schemas['SessionListQuery'];
type Defaulted = 'page' | 'limit' | 'sort' | 'sessionType' | 'includeEvents' | 'includeAllObjectiveData';
export const defaultsOptional: { [K in Defaulted]: MayLeaveOut<SessionListQuery, K> } = {
  page: true,
  limit: true,
  sort: true,
  sessionType: true,
  includeEvents: true,
  includeAllObjectiveData: true,
};
// @ts-expect-error entityFilters has no default: it stays required
export const filtersOptional: MayLeaveOut<SessionListQuery, 'entityFilters'> = true;
// @ts-expect-error entityFilters is required (the only field the schema requires)
export const sessionListWithoutFilters = () => api.POST('/datasets/sessions/paginatedListQueries', { body: {} });
// A widget's `chartType` has a default (DEFAULT): left out.
export const widget = () =>
  api.POST('/projects/{projectId}/widgets', {
    params: { path },
    body: { title: 'Sessions', query: { type: 'custom' } },
  });
export const widgetChartType = () =>
  api.POST('/projects/{projectId}/widgets', {
    params: { path },
    body: {
      title: 'x',
      query: { type: 'custom' },
      // @ts-expect-error a defaulted field is optional, not absent: its type still holds
      chartType: 7,
    },
  });

// 2. Closed bodies (`additionalProperties: false`) reject unknown fields, alone or beside known ones, at any depth.
export const rename = () => api.PUT('/projects/{projectId}', { params: { path }, body: { name: 'x' } });
// @ts-expect-error nme is no field of ProjectUpdate
export const misspelt = () => api.PUT('/projects/{projectId}', { params: { path }, body: { nme: 'x' } });
export const misspeltBeside = () =>
  api.PUT('/projects/{projectId}', {
    params: { path },
    body: {
      name: 'x',
      // @ts-expect-error nme is no field of ProjectUpdate, even beside name
      nme: 'y',
    },
  });
export const abTest = () =>
  api.POST('/projects/{projectId}/abTests', {
    params: { path },
    body: {
      name: 'Speed',
      remoteVariableId: 801,
      remoteVariableProbability: 34,
      abTestVariables: [{ valueInt: 6, probability: 33 }],
    },
  });
export const abTestMisspeltVariant = () =>
  api.POST('/projects/{projectId}/abTests', {
    params: { path },
    body: {
      name: 'Speed',
      remoteVariableId: 801,
      remoteVariableProbability: 34,
      // @ts-expect-error weight is no field of ABTestVariableCreate (an item of a closed body's list)
      abTestVariables: [{ valueInt: 6, probability: 33, weight: 2 }],
    },
  });
// An open object (WidgetQuery: `additionalProperties: true`) takes fields of its own.
export const openQuery = () =>
  api.POST('/projects/{projectId}/widgets', {
    params: { path },
    body: { title: 'Sessions', query: { type: 'custom', anyField: [1, 2] } },
  });

// 3. Response fields the mock always sends are not optional.
export async function organizationProjects(): Promise<Array<Schemas['Project']>> {
  const { data } = await api.GET('/organizations/{organizationId}', { params: { path: { organizationId: 101 } } });
  return data ? data.projects : [];
}
type OrganizationAnswer = NonNullable<Awaited<ReturnType<typeof organizationAnswer>>['data']>;
const organizationAnswer = () =>
  api.GET('/organizations/{organizationId}', { params: { path: { organizationId: 101 } } });
export const projectsPresent: MayLeaveOut<OrganizationAnswer, 'projects'> = false;
// @ts-expect-error projects is always present in GET /organizations/{organizationId}
export const projectsOptional: MayLeaveOut<OrganizationAnswer, 'projects'> = true;
type ProjectAnswer = NonNullable<Awaited<ReturnType<typeof projectAnswer>>['data']>;
const projectAnswer = () => api.GET('/projects/{projectId}', { params: { path } });
export const scenesPresent: MayLeaveOut<ProjectAnswer, 'scenes'> = false;
type SceneSessionAnswer = NonNullable<Awaited<ReturnType<typeof sceneSessionAnswer>>['data']>;
const sceneSessionAnswer = () =>
  api.POST('/datasets/sessions/singleQueries', {
    body: { projectId: 1001, sceneId: '6f1c2a4e-0b7d-4c55-9a61-3d2f8e9b1a01', sessionId: '1_', versionId: 3002 },
  });
export const sceneSessionPresent: {
  [K in 'events' | 'warnings' | 'subscriptions']: MayLeaveOut<SceneSessionAnswer, K>;
} = { events: false, warnings: false, subscriptions: false };

// The data host's computed answers: every field the mock sends, null or not.
type DataSchemas = DataComponents['schemas'];
export const developerUserPresent: {
  [K in 'firstName' | 'projectName' | 'organizationName']: MayLeaveOut<DataSchemas['DeveloperUser'], K>;
} = { firstName: false, projectName: false, organizationName: false };
export const remoteControlPresent: {
  [K in 'description' | 'valueInt' | 'valueString' | 'valueBool']: MayLeaveOut<DataSchemas['RemoteControlItem'], K>;
} = { description: false, valueInt: false, valueString: false, valueBool: false };
// @ts-expect-error valueFloat is only for type float, which the mock never serves: it stays optional
export const valueFloatPresent: MayLeaveOut<DataSchemas['RemoteControlItem'], 'valueFloat'> = false;
