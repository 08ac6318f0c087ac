import type { OpenAPI3 } from 'openapi-typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleDocument } from '../../src/spec/bundle.ts';
import { documentNames, repoRoot, sourcePath } from '../../src/spec/documents.ts';
import { documentRules } from '../../src/spec/document-rules.ts';
import { listOperations } from '../../src/spec/operations.ts';
import { operationIdRule } from '../../src/spec/rules.ts';
import { unresolvedSourceRefs } from '../../src/spec/source-refs.ts';

const docs = new Map<string, OpenAPI3>();

beforeAll(async () => {
  for (const name of documentNames) docs.set(name, await bundleDocument(sourcePath(name)));
}, 60_000);

describe.each(documentNames)('openapi/%s.yaml', (name) => {
  const ruleNames = Object.keys(documentRules({ openapi: '3.1.0', info: { title: '', version: '' } })).concat(
    name === 'data' ? ['cvr-request-time'] : [],
  );
  it.each(ruleNames)('keeps the rule: %s', (ruleName) => {
    const doc = docs.get(name)!;
    const rule = documentRules(doc)[ruleName]!;
    expect(rule(doc)).toEqual([]);
  });
});

describe('both documents', () => {
  it('use every operationId once', () => {
    expect(operationIdRule([...docs.values()])).toEqual([]);
  });

  it('resolve every $ref of every source file', async () => {
    expect(await unresolvedSourceRefs(documentNames.map(sourcePath), repoRoot)).toEqual([]);
  });

  it('describe the dashboard host and the data host with their real and mock servers', () => {
    expect(docs.get('api')!.servers!.map((s) => s.url)).toEqual([
      'https://api.cognitive3d.com/v0',
      'http://127.0.0.1:4010/v0',
    ]);
    expect(docs.get('data')!.servers!.map((s) => s.url)).toEqual([
      'https://data.cognitive3d.com/v0',
      'http://127.0.0.1:4011/v0',
    ]);
  });

  it('declare the six credential kinds as security schemes, with the CSRF header beside the cookie', () => {
    const schemes = (name: string) => docs.get(name)!.components!.securitySchemes!;
    expect(Object.keys(schemes('api')).sort()).toEqual([
      'csrfHeader',
      'domainKey',
      'legacyOrgKey',
      'orgKey',
      'sessionCookie',
    ]);
    expect(Object.keys(schemes('data')).sort()).toEqual(['dataKey', 'developerKey']);
    expect(schemes('api').sessionCookie).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'c3d_session_v5' });
    expect(schemes('api').csrfHeader).toMatchObject({ type: 'apiKey', in: 'header', name: 'c3d-csrf' });
    for (const scheme of ['orgKey', 'legacyOrgKey', 'domainKey']) {
      expect(schemes('api')[scheme]).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization' });
    }
  });

  it('hold about 130 operations between them', () => {
    const count = [...docs.values()].reduce((sum, doc) => sum + listOperations(doc).length, 0);
    expect(count).toBeGreaterThanOrEqual(125);
  });
});
