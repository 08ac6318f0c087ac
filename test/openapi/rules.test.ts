import type { OpenAPI3 } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';
import { invalidExamples } from '../../src/spec/examples.ts';
import {
  exampleCoverageRule,
  metadataRule,
  operationIdRule,
  pathParameterRule,
  requestTimeHeaderRule,
  responseRule,
  securityRule,
  tagAndSummaryRule,
} from '../../src/spec/rules.ts';

/** A small document that keeps every rule; each test breaks one thing in a copy of it. */
function sound(): OpenAPI3 {
  const error = {
    description: 'error',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
  };
  return structuredClone({
    openapi: '3.1.0',
    info: { title: 'test', version: '1' },
    tags: [{ name: 'Things', description: 'things' }],
    paths: {
      '/projects/{projectId}/things': {
        parameters: [{ name: 'projectId', in: 'path', required: true, schema: { type: 'integer' } }],
        post: {
          operationId: 'createThing',
          tags: ['Things'],
          summary: 'Create a thing',
          'x-c3d-scope': 'project',
          'x-c3d-access': 'write',
          'x-c3d-source': 'inferred',
          'x-c3d-target': 'path:projectId',
          security: [{ orgKey: [] }, { sessionCookie: [], csrfHeader: [] }],
          requestBody: {
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' }, example: { name: 'a' } } },
          },
          responses: {
            '200': {
              description: 'ok',
              headers: { 'cvr-request-time': { schema: { type: 'string' } } },
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/Thing' }, example: { name: 'b' } },
              },
            },
            '400': error,
            '401': error,
            '403': error,
            '404': error,
            '415': error,
          },
        },
      },
    },
    components: {
      securitySchemes: {
        orgKey: { type: 'apiKey', in: 'header', name: 'Authorization' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'c3d_session_v5' },
        csrfHeader: { type: 'apiKey', in: 'header', name: 'c3d-csrf' },
      },
      schemas: {
        Thing: {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string' }, at: { type: 'string', format: 'date-time' } },
          example: { name: 'c' },
        },
      },
    },
  }) as OpenAPI3;
}

const post = (doc: OpenAPI3) => (doc.paths!['/projects/{projectId}/things'] as Record<string, any>).post;
const where = 'POST /projects/{projectId}/things';

describe('the document rules', () => {
  it('all pass on a sound document', () => {
    const doc = sound();
    for (const rule of [
      metadataRule,
      tagAndSummaryRule,
      securityRule,
      pathParameterRule,
      responseRule,
      exampleCoverageRule,
      requestTimeHeaderRule,
      invalidExamples,
    ]) {
      expect(rule(doc)).toEqual([]);
    }
  });

  it('metadata: an unknown scope, a missing source and an undeclared target are each named', () => {
    const doc = sound();
    post(doc)['x-c3d-access'] = 'owner';
    delete post(doc)['x-c3d-source'];
    post(doc)['x-c3d-target'] = 'query:projectId';
    expect(metadataRule(doc)).toEqual([
      `${where}: x-c3d-access is "owner", not one of read|write|admin`,
      `${where}: x-c3d-source is undefined, not one of confirmed|catalogue|inferred`,
      `${where}: x-c3d-target names query parameter projectId, which is not declared`,
    ]);
  });

  it('metadata: a target naming no known entity is refused', () => {
    const doc = sound();
    post(doc)['x-c3d-target'] = 'path:thingId';
    expect(metadataRule(doc)).toEqual([
      `${where}: x-c3d-target names thingId, which is not one of domainId, organizationId, projectId, projectIds, sceneId, versionId`,
    ]);
  });

  it('security: a cookie without CSRF on a write, and an undefined scheme', () => {
    const doc = sound();
    post(doc).security = [{ orgKey: [] }, { sessionCookie: [] }, { bearer: [] }];
    expect(securityRule(doc)).toEqual([
      `${where}: a cookie session on a non-GET operation must also require csrfHeader`,
      `${where}: security scheme bearer is not defined`,
    ]);
  });

  it('security: a public operation must take no credential', () => {
    const doc = sound();
    post(doc)['x-c3d-scope'] = 'public';
    expect(securityRule(doc)).toEqual([`${where}: a public operation must have \`security: []\``]);
  });

  it('responses: a body without 415, credentials without 401', () => {
    const doc = sound();
    delete post(doc).responses['415'];
    delete post(doc).responses['401'];
    expect(responseRule(doc)).toEqual([
      `${where}: lists no 415 (it takes a body)`,
      `${where}: lists no 401 (it takes credentials)`,
    ]);
  });

  it('path parameters: undeclared and optional ones', () => {
    const doc = sound();
    const item = doc.paths!['/projects/{projectId}/things'] as Record<string, any>;
    item.parameters[0].required = false;
    doc.paths!['/projects/{projectId}/things/{thingId}'] = {
      get: { ...post(doc), operationId: 'x', requestBody: undefined },
    };
    expect(pathParameterRule(doc)).toEqual([
      `${where}: path parameter projectId must be required`,
      'GET /projects/{projectId}/things/{thingId}: path parameter projectId is not declared',
      'GET /projects/{projectId}/things/{thingId}: path parameter thingId is not declared',
    ]);
  });

  it('examples: an invalid one is named by its place and its error', () => {
    const doc = sound();
    (doc.components!.schemas!.Thing as any).example = { name: 'x', at: 'yesterday' };
    post(doc).requestBody.content['application/json'].example = {};
    expect(invalidExamples(doc)).toEqual([
      "#/paths/~1projects~1{projectId}~1things/post/requestBody/content/application~1json/example: / must have required property 'name'",
      '#/components/schemas/Thing/example: /at must match format "date-time"',
    ]);
  });

  it('example coverage: a JSON body with no example anywhere', () => {
    const doc = sound();
    delete post(doc).requestBody.content['application/json'].example;
    delete (doc.components!.schemas!.Thing as any).example;
    expect(exampleCoverageRule(doc)).toEqual([`${where}: request application/json has no example`]);
  });

  it('data host: a success without cvr-request-time', () => {
    const doc = sound();
    delete post(doc).responses['200'].headers;
    expect(requestTimeHeaderRule(doc)).toEqual([`${where}: 200 lacks the cvr-request-time header`]);
  });

  it('operationIds: a duplicate across documents', () => {
    expect(operationIdRule([sound(), sound()])).toEqual([
      `test ${where}: operationId createThing is also used by test ${where}`,
    ]);
  });

  it('tags: an undefined tag and a missing summary', () => {
    const doc = sound();
    post(doc).tags = ['Nope'];
    post(doc).summary = ' ';
    expect(tagAndSummaryRule(doc)).toEqual([`${where}: no summary`, `${where}: tag Nope is not defined`]);
  });
});
