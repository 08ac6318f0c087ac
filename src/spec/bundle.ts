import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { OpenAPI3 } from 'openapi-typescript';
import { lintConfigPath, repoRoot } from './documents.ts';
import { openApiDocument } from './operations.ts';

const run = promisify(execFile);
const redocly = join(repoRoot, 'node_modules/.bin/redocly');
const quietEnv = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };

/** Bundles a multi-file document into one, with every external `$ref` moved under `components`. */
export async function bundleDocument(source: string): Promise<OpenAPI3> {
  const dir = await mkdtemp(join(tmpdir(), 'c3d-bundle-'));
  try {
    const out = join(dir, 'bundle.json');
    await run(redocly, ['bundle', '--config', lintConfigPath, source, '--ext', 'json', '-o', out], {
      cwd: repoRoot,
      env: quietEnv,
    });
    return openApiDocument(JSON.parse(await readFile(out, 'utf8')), source);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface LintProblem {
  ruleId: string;
  severity: string;
  message: string;
  location: { source: { ref: string }; pointer: string }[];
}

/** Runs Redocly's linter with the project's configuration on one document; answers every problem it reports. */
export async function lintDocument(source: string): Promise<LintProblem[]> {
  const args = ['lint', '--config', lintConfigPath, '--format', 'json', source];
  const { stdout } = await run(redocly, args, { cwd: repoRoot, env: quietEnv }).catch(
    (failure: { stdout?: string }) => ({ stdout: failure.stdout ?? '' }),
  );
  const report: { problems: LintProblem[] } = JSON.parse(stdout);
  return report.problems;
}
