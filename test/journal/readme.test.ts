import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { rules } from '../../src/journal/rules.ts';

/** The request's rules; the answer's (`answer-…`, judged by the validating proxy) are documented with the proxy. */
const requestSide = (id: string) => !id.startsWith('answer-');

describe("the README's table of journal rules", () => {
  it('lists every rule of src/journal/rules.ts, in order, with its kind and answer', async () => {
    const readme = await readFile('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('### The request journal'), readme.indexOf('### Faults'));
    const rows = [...section.matchAll(/^\| `([a-z-]+)` \| (violation|warning|answer) \| (\d{3}|\(served\)) \|/gm)];
    expect(rows.map(([, id, kind, status]) => [id, kind, status]).filter(([id]) => requestSide(id!))).toEqual(
      Object.entries(rules)
        .filter(([id]) => requestSide(id))
        .map(([id, rule]) => [id, rule.severity, 'status' in rule ? String(rule.status) : '(served)']),
    );
  });
});
