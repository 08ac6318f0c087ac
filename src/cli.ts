#!/usr/bin/env node
/**
 * `npm start` / `c3d-mock`: starts the standalone mock on the embedded default seed (or `--seed FILE`); `c3d-mock verify`
 * runs the contract suite, `c3d-mock principals` writes a principals file for it, `c3d-mock merge-reports` merges its shards' reports.
 */
import { readSeedFile } from './store/seed-file.ts';
import { parseServerArgs, usage } from './server/cli-options.ts';
import { startServer } from './server/server.ts';
import { dayMs } from './store/time-shift.ts';

async function main(): Promise<void> {
  if (process.argv[2] === 'verify') {
    // Loaded only here: serving never needs the suite (nor supertest), and starts sooner without it.
    // verify answers its exit status (2: it could not run) and prints its own errors; anything it throws is one of those.
    try {
      const { verify } = await import('./contract/cli.ts');
      process.exitCode = await verify(process.argv.slice(3));
    } catch (error) {
      console.error(`c3d-mock verify: ${(error as Error).message}`);
      process.exitCode = 2;
    }
    return;
  }
  if (process.argv[2] === 'principals') {
    const { principalsCommand } = await import('./contract/discover/cli.ts');
    process.exitCode = await principalsCommand(process.argv.slice(3));
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
  const { options, seedFile } = parsed;
  if (seedFile) {
    options.seed = await readSeedFile(seedFile);
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
  console.log(`c3d-mock is serving
  dashboard API       ${server.urls.api}
  data-collector API  ${server.urls.data}
  API reference       ${server.urls.api.replace(/\/v0$/, '')}/docs
  control             POST ${server.urls.api.replace(/\/v0$/, '')}/__mock/reset, GET …/__mock/snapshot, POST …/__mock/restore (loopback only)
seed: ${options.stateFile ? `state file ${options.stateFile}, else ` : ''}${seedFile ?? 'embedded default seed'}
${dates}${faults.length ? `\nfaults: ${faults.join(', ')}` : ''}
try:
  curl -H 'Authorization: orgkey-ac3e0000000000000000000000000001' ${server.urls.api}/projects/1001
  curl -H 'Authorization: APIKEY:DEVELOPER de000000000000000000000000000001' ${server.urls.data}/scenes
  users (password c3d-mock-password): owner@acme.example, member@acme.example, observer@acme.example, lead@acme.example, …`);
  const stop = async (signal: string) => {
    console.log(`\n${signal}: stopping`);
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: Error) => {
  console.error(`c3d-mock: ${error.message}`);
  process.exit(1);
});
