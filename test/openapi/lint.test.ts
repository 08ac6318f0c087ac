import { expect, it } from 'vitest';
import { lintDocument } from '../../src/spec/bundle.ts';
import { documentNames, sourcePath } from '../../src/spec/documents.ts';

it.each(documentNames)(
  'openapi/%s.yaml lints clean with Redocly (no error, no warning)',
  async (name) => {
    const problems = await lintDocument(sourcePath(name));
    const lines = problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ''}: ${p.message}`);
    expect(lines).toEqual([]);
  },
  60_000,
);
