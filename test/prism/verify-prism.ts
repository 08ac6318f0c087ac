/**
 * `npm run verify:prism`: runs the contract suite against `prism mock` serving the same two documents,
 * writes its reports under reports/prism/, and prints, group by group, what Prism passes and fails.
 * Prism serves the paths at its root (no `/v0`), so the base URLs are its bare origins.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { loadPrincipals } from '../../src/contract/principals.ts';
import { htmlReport } from '../../src/contract/reports/html.ts';
import { jsonReport } from '../../src/contract/reports/json.ts';
import { junitReport } from '../../src/contract/reports/junit.ts';
import { runSuite } from '../../src/contract/run.ts';

function startPrism(document: string, port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('node_modules/.bin/prism', ['mock', document, '-p', String(port), '-h', '127.0.0.1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => reject(new Error(`prism mock ${document} did not start within 60 s`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Prism is listening')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => reject(new Error(`prism mock ${document} exited with ${code}`)));
  });
}

const prisms = await Promise.all([startPrism('openapi/api.yaml', 4020), startPrism('openapi/data.yaml', 4021)]);
try {
  const file = await loadPrincipals('fixtures/default.principals.json');
  const started = performance.now();
  const report = await runSuite({ file, api: 'http://127.0.0.1:4020', data: 'http://127.0.0.1:4021' });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const meta = {
    target: 'prism mock (openapi/api.yaml on :4020, openapi/data.yaml on :4021)',
    when: new Date().toISOString(),
  };
  await mkdir('reports/prism', { recursive: true });
  await writeFile('reports/prism/contract-report.json', jsonReport(report, meta));
  await writeFile('reports/prism/contract-junit.xml', junitReport(report));
  await writeFile('reports/prism/contract-report.html', htmlReport(report, meta));
  console.log(`prism mock: ${report.results.length} checks in ${seconds} s, ${report.failed} failed`);
  console.log('| group | passed | failed |\n|---|---|---|');
  for (const [group, s] of Object.entries(report.summary)) console.log(`| ${group} | ${s.passed} | ${s.failed} |`);
  const rules = new Map<string, { passed: number; failed: number }>();
  for (const result of report.results) {
    const entry = rules.get(result.rule) ?? rules.set(result.rule, { passed: 0, failed: 0 }).get(result.rule)!;
    if (result.outcome !== 'skipped') entry[result.outcome]++;
  }
  console.log('\n| rule | passed | failed |\n|---|---|---|');
  for (const [rule, s] of [...rules].sort()) console.log(`| \`${rule}\` | ${s.passed} | ${s.failed} |`);
  console.log('wrote reports/prism/');
} finally {
  for (const prism of prisms) prism.kill();
}
