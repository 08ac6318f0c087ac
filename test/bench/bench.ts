/**
 * `npm run bench`: loads, on loopback, the mock (default seed), `prism mock` on the same documents and a bare
 * node:http server answering a constant JSON body, each in its own process, with autocannon (32 connections,
 * a warm-up, then BENCH_SECONDS, default 10 s); then the mock again on a 100,000-session seed. Then the whole
 * contract suite against a fresh mock, timed, and the leak check (BENCH_LEAK_REQUESTS mixed requests, default
 * 200,000, to a mock built with createMock in a process of its own; see leak.ts). Prints a table (req/s, p50,
 * p99, non-2xx), the ratios, start-up times and RSS, the suite's time, the leak check and the targets met,
 * and writes them all to reports/bench.json.
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { timeContractSuite } from './contract.ts';
import type { LeakReport } from './leak.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const leakRequests = Number(process.env.BENCH_LEAK_REQUESTS ?? 200_000);
const key = 'orgkey-ac3e0000000000000000000000000001';
const sessionQuery = JSON.stringify({
  page: 0,
  limit: 100,
  sort: 'desc',
  orderBy: { fieldName: 'date', fieldParent: 'session' },
  entityFilters: { projectId: 1001 },
  sessionType: 'project',
});

interface Target {
  name: string;
  process: ChildProcess;
  base: string;
  startupMs: number;
  /** RSS when the banner came. */
  startupRssMb: number;
}

function launch(name: string, command: string, args: string[], ready: RegExp, base: string): Promise<Target> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!ready.test(output)) return;
      // Ready: stop keeping its output (Prism logs every request), but keep draining the pipes.
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onData);
      child.stdout!.resume();
      child.stderr!.resume();
      const startupMs = Math.round(performance.now() - started);
      rssMb(child).then((startupRssMb) => resolve({ name, process: child, base, startupMs, startupRssMb }), reject);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}: ${output.slice(-500)}`)));
  });
}

async function rssMb(child: ChildProcess): Promise<number> {
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
}

interface Scenario {
  name: string;
  requests: autocannon.Request[];
}

const scenarios = (prefix: string): Scenario[] => [
  {
    name: 'GET /projects/1001 (org key)',
    requests: [{ method: 'GET', path: `${prefix}/projects/1001`, headers: { authorization: key } }],
  },
  {
    name: 'session query, 100 per page',
    requests: [
      {
        method: 'POST',
        path: `${prefix}/datasets/sessions/paginatedListQueries`,
        headers: { authorization: key, 'content-type': 'application/json' },
        body: sessionQuery,
      },
    ],
  },
  {
    name: 'write: tag then untag a session',
    requests: [true, false].map((value) => ({
      method: 'PUT' as const,
      path: `${prefix}/projects/1001/sessions/1767605400_6826c6e1a9d24f6b/tags/test`,
      headers: { authorization: key, 'content-type': 'application/json' },
      body: JSON.stringify({ value }),
    })),
  },
  {
    name: 'raw file download',
    requests: [
      {
        method: 'GET',
        path: `${prefix}/projects/1001/media/701/files/floor_plan.png`,
        headers: { authorization: key },
      },
    ],
  },
];

async function load(base: string, scenario: Scenario, duration = seconds) {
  const run = (time: number) => autocannon({ url: base, connections: 32, duration: time, requests: scenario.requests });
  await run(2);
  const result = await run(duration);
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors,
  };
}

const results: Record<string, unknown> = {
  machine: `${process.platform} ${process.arch}, node ${process.version}`,
  seconds,
};
const table: string[] = ['| scenario | target | req/s | p50 ms | p99 ms | non-2xx |', '|---|---|---|---|---|---|'];
const tsx = ['--import', 'tsx', 'src/cli.ts'];

const mock = await launch(
  'c3d-mock',
  process.execPath,
  [...tsx, '--port', '4110', '--data-port', '4111'],
  /c3d-mock is serving/,
  'http://127.0.0.1:4110',
);
const prism = await launch(
  'prism mock',
  'node_modules/.bin/prism',
  ['mock', 'openapi/api.yaml', '-p', '4120', '-h', '127.0.0.1', '--errors', 'false'],
  /Prism is listening/,
  'http://127.0.0.1:4120',
);
const bare = await launch(
  'bare node:http',
  process.execPath,
  [
    '-e',
    "require('http').createServer((q,s)=>{q.resume();s.writeHead(200,{'content-type':'application/json'});s.end('{\"id\":1001,\"name\":\"Acme Training\"}')}).listen(4130,'127.0.0.1',()=>console.log('bare ready'))",
  ],
  /bare ready/,
  'http://127.0.0.1:4130',
);
const measured: Record<string, Record<string, Awaited<ReturnType<typeof load>>>> = {};
try {
  for (const scenario of scenarios('/v0')) {
    for (const target of [mock, prism, bare]) {
      const prefixed = target === mock ? scenario : scenarios('').find((s) => s.name === scenario.name)!;
      const figures = await load(target.base, prefixed);
      (measured[scenario.name] ??= {})[target.name] = figures;
      table.push(
        `| ${scenario.name} | ${target.name} | ${figures.rps} | ${figures.p50} | ${figures.p99} | ${figures.non2xx} |`,
      );
      console.log(table.at(-1));
    }
  }
  results.startupMs = { mock: mock.startupMs, prism: prism.startupMs };
  results.rssMb = { mock: await rssMb(mock.process), mockAtStart: mock.startupRssMb };
} finally {
  for (const target of [mock, prism, bare]) target.process.kill();
}

const get = measured['GET /projects/1001 (org key)']!;
const ratios = {
  mockOverPrism: +(get['c3d-mock']!.rps / get['prism mock']!.rps).toFixed(2),
  mockOverBare: +(get['c3d-mock']!.rps / get['bare node:http']!.rps).toFixed(2),
};

// The same GET and the session query on a 100,000-session seed.
const big = '/tmp/c3d-bench-100k.json';
await new Promise<void>((resolve, reject) =>
  spawn(process.execPath, ['--import', 'tsx', 'src/store/generate-seed-cli.ts', '--sessions', '100000', '--out', big], {
    stdio: 'ignore',
  }).once('exit', (code) => (code === 0 ? resolve() : reject(new Error('seed:generate failed')))),
);
const large = await launch(
  'c3d-mock, 100k sessions',
  process.execPath,
  [...tsx, '--port', '4140', '--data-port', '4141', '--seed', big],
  /c3d-mock is serving/,
  'http://127.0.0.1:4140',
);
try {
  const largeGet = await load(large.base, scenarios('/v0')[0]!);
  const largeQuery = await load(large.base, scenarios('/v0')[1]!);
  results.large = {
    startupMs: large.startupMs,
    startupRssMb: large.startupRssMb,
    rssMb: await rssMb(large.process),
    get: largeGet,
    sessionQuery: largeQuery,
  };
  table.push(
    `| GET /projects/1001 (org key) | c3d-mock, 100k sessions | ${largeGet.rps} | ${largeGet.p50} | ${largeGet.p99} | ${largeGet.non2xx} |`,
  );
  table.push(
    `| session query, 100 per page | c3d-mock, 100k sessions | ${largeQuery.rps} | ${largeQuery.p50} | ${largeQuery.p99} | ${largeQuery.non2xx} |`,
  );
} finally {
  large.process.kill();
}

// The whole contract suite against a mock of its own (fresh state, default seed).
const fresh = await launch(
  'c3d-mock, contract suite',
  process.execPath,
  [...tsx, '--port', '4150', '--data-port', '4151'],
  /c3d-mock is serving/,
  'http://127.0.0.1:4150',
);
try {
  results.contractSuite = await timeContractSuite(`${fresh.base}/v0`, 'http://127.0.0.1:4151/v0');
} finally {
  fresh.process.kill();
}

// The leak check, in a process of its own that can collect garbage before each sample.
results.leak = await new Promise<LeakReport>((resolve, reject) => {
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', 'test/bench/leak.ts', String(leakRequests)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.once('exit', (code) =>
    code === 0 ? resolve(JSON.parse(output) as LeakReport) : reject(new Error(`the leak check exited with ${code}`)),
  );
});

results.measured = measured;
results.ratios = ratios;
const largeResults = results.large as {
  startupMs: number;
  startupRssMb: number;
  rssMb: number;
  get: { p99: number };
  sessionQuery: { p99: number };
};
const suite = results.contractSuite as Awaited<ReturnType<typeof timeContractSuite>>;
const leak = results.leak as LeakReport;
const targets = {
  'session query p99 ≤ 50 ms (100k sessions)': largeResults.sessionQuery.p99 <= 50,
  'start-up < 5 s (100k sessions)': largeResults.startupMs < 5000,
  'RSS < 1 GB (100k sessions, after the load)': largeResults.rssMb < 1024,
  'GET p99 at 100k ≤ 2× default seed': largeResults.get.p99 <= 2 * get['c3d-mock']!.p99,
  'RSS within 10% after the leak check': Math.abs(leak.growthPercent) <= 10,
  'contract suite < 30 s': suite.seconds < 30 && suite.failed === 0,
};
results.targets = targets;
console.log(`\n${table.join('\n')}\n`);
console.log(`GET ratios: mock/prism ${ratios.mockOverPrism}, mock/bare ${ratios.mockOverBare}`);
console.log(
  `start-up: mock ${mock.startupMs} ms (default seed, RSS ${mock.startupRssMb} MB), ${largeResults.startupMs} ms (100k sessions, RSS ${largeResults.startupRssMb} MB at start, ${largeResults.rssMb} MB after the load); prism ${prism.startupMs} ms`,
);
console.log(`contract suite: ${suite.checks} checks, ${suite.failed} failed, in ${suite.seconds} s`);
console.log(
  `leak check: ${leak.requests} mixed requests in ${leak.seconds} s (${leak.failed} failed): RSS ${leak.rssAfterFirstMb} MB after the first 20,000, ${leak.rssAfterAllMb} MB after all (${leak.growthPercent > 0 ? '+' : ''}${leak.growthPercent}%; every 20,000: ${leak.rssSamplesMb.join(', ')} MB); heap in use ${leak.heapAfterFirstMb} MB, then ${leak.heapAfterAllMb} MB`,
);
for (const [target, met] of Object.entries(targets)) console.log(`${met ? 'met   ' : 'missed'} ${target}`);
await mkdir('reports', { recursive: true });
await writeFile('reports/bench.json', `${JSON.stringify(results, null, 2)}\n`);
console.log('wrote reports/bench.json');
