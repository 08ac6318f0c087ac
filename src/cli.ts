#!/usr/bin/env node
/**
 * `npm start` / `c3d-mock`: starts the standalone mock on the embedded default seed (or `--seed FILE`); `c3d-mock verify`
 * runs the contract suite, `c3d-mock principals` writes a principals file for it, `c3d-mock merge-reports` merges its shards' reports.
 */
import { existsSync } from 'node:fs';
import { clockFunction } from './core/clock.ts';
import { readSeedFile } from './store/seed-file.ts';
import { parseServerArgs, usage } from './server/cli-options.ts';
import { startServer } from './server/server.ts';
import { dayMs } from './store/time-shift.ts';
import { exampleLines, seedExamples } from './store/seed-examples.ts';

async function main(): Promise<void> {
  if (process.argv[2] === 'verify') {
    // Loaded only here: serving never needs the suite (nor supertest), and starts sooner without it.
    // verify answers its exit status (2: it could not run) and prints its own errors; anything it throws is one of those.
    try {
      const { verify } = await import('./contract/cli.ts');
      process.exitCode = await verify(process.argv.slice(3));
    } catch (error) {
      console.error(`c3d-mock verify: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 2;
    }
    return;
  }
  if (process.argv[2] === 'principals') {
    const { principalsCommand } = await import('./contract/discover/cli.ts');
    process.exitCode = await principalsCommand(process.argv.slice(3));
    return;
  }
  if (process.argv[2] === 'run') {
    const { runCommand } = await import('./server/run-command.ts');
    process.exitCode = await runCommand(process.argv.slice(3));
    return;
  }
  if (process.argv[2] === 'proxy') {
    const { proxyCommand } = await import('./server/proxy-command.ts');
    process.exitCode = await proxyCommand(process.argv.slice(3));
    return;
  }
  if (process.argv[2] === 'merge-reports') {
    const { mergeReportsCommand } = await import('./contract/merge.ts');
    process.exitCode = await mergeReportsCommand(process.argv.slice(3));
    return;
  }
  const parsed = parseServerArgs(process.argv.slice(2));
  if (parsed.help) {
    console.log(usage);
    return;
  }
  const { options, seedFile, reportOnExit } = parsed;
  // --report-on-exit: every request is counted as it is recorded, so the report covers the whole run.
  const report = reportOnExit
    ? await import('./server/run-command.ts').then((m) => m.reportOnExit(options))
    : undefined;
  // A state file that exists is served instead of the seed (or stops the start, when it cannot be): the seed,
  // perhaps large, is then not read at all.
  if (seedFile && !(options.stateFile && existsSync(options.stateFile))) {
    // The mock's clock: an NDJSON seed then has its dates moved as it is read, not in a second pass.
    options.seed = await readSeedFile(seedFile, { now: clockFunction(options)() });
    options.seedSource = seedFile;
  }
  const server = await startServer(options);
  const faults = [...server.mock.faults];
  const clock =
    options.clock === undefined
      ? 'the system clock'
      : `the clock pinned at ${new Date(server.mock.now()).toISOString()}`;
  const shiftDays = server.mock.seedShiftMs / dayMs;
  const dates = `dates: ${clock}; the seed's dates ${shiftDays === 0 ? 'as written' : `moved ${shiftDays > 0 ? 'forward' : 'back'} ${Math.abs(shiftDays)} days`}`;
  // Examples from the seed actually served: its first write key and a project of its organization, if any.
  const tryLines = exampleLines(seedExamples(server.mock.store, server.mock.now()), server.urls);
  console.log(`c3d-mock is serving
  dashboard API       ${server.urls.api}
  data-collector API  ${server.urls.data}
  API reference       ${server.urls.api.replace(/\/v0$/, '')}/docs
  control             POST ${server.urls.api.replace(/\/v0$/, '')}/__mock/reset, GET …/__mock/snapshot, POST …/__mock/restore (loopback only)
  request journal     GET ${server.urls.api.replace(/\/v0$/, '')}/__mock/requests (?violations=true), DELETE to clear (loopback only)
  conformance report  GET ${server.urls.api.replace(/\/v0$/, '')}/__mock/report (HTML; .json, .xml: JUnit)${reportOnExit ? `, written to ${reportOnExit} at shutdown` : ''}
seed: ${options.stateFile ? `state file ${options.stateFile}, else ` : ''}${seedFile ?? 'embedded default seed'}
${dates}${faults.length ? `\nfaults: ${faults.join(', ')}` : ''}
log: ${options.log === 'none' ? 'off (--quiet)' : `${options.log ?? 'text'}, one ${options.log === 'json' ? 'JSON object' : 'line'} per request (--quiet for none)`}`);
  if (tryLines.length > 0) console.log(tryLines.join('\n'));
  const stop = async (signal: string) => {
    console.log(`\n${signal}: stopping`);
    await server.close();
    if (report && reportOnExit) await report.write(reportOnExit);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: Error) => {
  console.error(`c3d-mock: ${error.message}`);
  process.exit(1);
});
