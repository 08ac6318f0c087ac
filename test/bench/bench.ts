/**
 * `npm run bench`: builds the mock (`npm run build`) and loads, on loopback, the built mock (default seed; also
 * without its journal, and on the Web path), `prism mock` on the same documents and a bare node:http server answering
 * exactly the bytes the mock answers to the authenticated GET, each in its own process, with autocannon (32
 * connections, a warm-up, then BENCH_SECONDS, default 10 s), the GET's ratios from alternating rounds with each
 * server's CPU time a request; then the mock again on a 100,000-session seed. Then the whole contract suite against a
 * fresh mock, timed, the leak check (BENCH_LEAK_REQUESTS mixed requests, default 200,000, to a mock built with
 * createMock in a process of its own; see leak.ts), the bundle size (bundle.ts), the in-process GET through MSW
 * against a trivial handler (inprocess.ts) and start to the banner as `npm start` runs it. Prints a table (req/s,
 * p50, p99, non-2xx), the ratios, start-up times and RSS, the suite's time, the leak check, the targets met and
 * the table of every performance target (what | now | target | met), and writes them all to reports/bench.json.
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { get as httpGet } from 'node:http';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { bundleRow, kb } from './bundle.ts';
import { timeContractSuite } from './contract.ts';
import type { InProcessReport } from './inprocess.ts';
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

function launch(
  name: string,
  command: string,
  args: string[],
  ready: RegExp,
  base: string,
  env?: Record<string, string>,
): Promise<Target> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: env && { ...process.env, ...env } });
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

/** An answer as it came over the wire: status, headers in their order (without Node's own), body in base64. */
function captureAnswer(url: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers: { authorization: key } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const headers: Record<string, string> = {};
        const raw = response.rawHeaders;
        for (let i = 0; i < raw.length; i += 2)
          if (!['date', 'connection', 'keep-alive'].includes(raw[i]!.toLowerCase())) headers[raw[i]!] = raw[i + 1]!;
        resolve({ status: response.statusCode!, headers, body: Buffer.concat(chunks).toString('base64') });
      });
    }).once('error', reject);
  });
}

/** A process's CPU time so far (user and system), in µs. */
async function cpuUs(child: ChildProcess): Promise<number> {
  const fields = (await readFile(`/proc/${child.pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** Rounds of one scenario over several targets, in alternating order: the median req/s and CPU µs a request. */
async function alternate(targets: Target[], scenarioOf: (target: Target) => Scenario, rounds: number) {
  const figures = new Map(targets.map((target) => [target, { rps: [] as number[], cpuUs: [] as number[] }]));
  for (let round = 0; round < rounds; round++) {
    for (const target of round % 2 === 0 ? targets : [...targets].reverse()) {
      const before = await cpuUs(target.process);
      const result = await autocannon({
        url: target.base,
        connections: 32,
        duration: seconds,
        requests: scenarioOf(target).requests,
      });
      const cpu = (await cpuUs(target.process)) - before;
      figures.get(target)!.rps.push(Math.round(result.requests.average));
      figures.get(target)!.cpuUs.push(Math.round(cpu / Math.max(1, result.requests.total)));
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return Object.fromEntries(
    targets.map((target) => {
      const { rps, cpuUs } = figures.get(target)!;
      return [target.name, { rps: median(rps), cpuUs: median(cpuUs) }];
    }),
  );
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
// Every mock is measured without its request log (--quiet); `c3d-mock, journal off` is the same GET without the
// request journal (--journal-size 0), for the journal's cost.
// Every mock runs as `npm start` and `npx c3d-mock` run it: the build (`npm run build`), then `node dist/src/cli.js`.
// (Through tsx a start takes about 0.3 s and 40 MB more.)
const built = await new Promise<number | null>((resolve) =>
  spawn(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'src/tsconfig.build.json'], {
    stdio: 'ignore',
  }).once('exit', resolve),
);
if (built !== 0) console.log(`npm run build exited with ${built} (the build is still measured if it emitted)`);
const compiled = ['dist/src/cli.js', '--quiet'];

const mock = await launch(
  'c3d-mock',
  process.execPath,
  [...compiled, '--port', '4110', '--data-port', '4111'],
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
// The bare server answers every request with exactly the mock's answer to the GET: its status, its headers in their
// order and its bytes (Node adds Date, Connection and Keep-Alive to both).
const answerFile = '/tmp/c3d-bench-answer.json';
await writeFile(answerFile, JSON.stringify(await captureAnswer(`${mock.base}/v0/projects/1001`)));
const bare = await launch(
  'bare node:http',
  process.execPath,
  [
    '-e',
    `const a=JSON.parse(require('fs').readFileSync(${JSON.stringify(answerFile)},'utf8'));const b=Buffer.from(a.body,'base64');require('http').createServer((q,s)=>{q.resume();s.writeHead(a.status,a.headers);s.end(b)}).listen(4130,'127.0.0.1',()=>console.log('bare ready'))`,
  ],
  /bare ready/,
  'http://127.0.0.1:4130',
);
// The same mock on the Web path (the server builds a platform Request and Response for every request, as MSW
// does), for what the fast path buys.
const webPath = await launch(
  'c3d-mock, Web path',
  process.execPath,
  [...compiled, '--port', '4180', '--data-port', '4181'],
  /c3d-mock is serving/,
  'http://127.0.0.1:4180',
  { C3D_MOCK_FAST_PATH: '0' },
);
const journalOff = await launch(
  'c3d-mock, journal off',
  process.execPath,
  [...compiled, '--port', '4160', '--data-port', '4161', '--journal-size', '0'],
  /c3d-mock is serving/,
  'http://127.0.0.1:4160',
);
const measured: Record<string, Record<string, Awaited<ReturnType<typeof load>>>> = {};
let alternated: Record<string, { rps: number; cpuUs: number }> = {};
try {
  // The ratio to bare node:http from alternating rounds, so the machine's noise falls on both; with each server's
  // CPU time per request. First, while every server has served nothing but a warm-up of the same GET: the scenarios
  // below leave the mock with more to collect (each write adds an audit record), which the mock without its journal
  // and the Web path do not serve.
  for (const target of [mock, journalOff, webPath, prism, bare])
    await autocannon({
      url: target.base,
      connections: 32,
      duration: 1,
      requests: scenarios(target === prism ? '' : '/v0')[0]!.requests,
    });
  // (Prism serves the document's paths without /v0.)
  alternated = await alternate(
    [mock, journalOff, webPath, prism, bare],
    (target) => scenarios(target === prism ? '' : '/v0')[0]!,
    3,
  );
  for (const [name, figures] of Object.entries(alternated))
    console.log(`GET, alternating rounds: ${name} ${figures.rps} req/s, ${figures.cpuUs} µs CPU a request`);
  results.alternated = alternated;
  for (const scenario of scenarios('/v0')) {
    // (By name: scenarios() builds new objects at each call.)
    const first = scenario.name === scenarios('/v0')[0]!.name ? [journalOff, webPath] : [];
    for (const target of [...first, mock, prism, bare]) {
      const prefixed =
        target === mock || target === journalOff || target === webPath
          ? scenario
          : scenarios('').find((s) => s.name === scenario.name)!;
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
  for (const target of [mock, prism, bare, journalOff, webPath]) target.process.kill();
}

const get = measured['GET /projects/1001 (org key)']!;
const ratios = {
  mockOverPrism: +(alternated['c3d-mock']!.rps / alternated['prism mock']!.rps).toFixed(2),
  mockOverBare: +(alternated['c3d-mock']!.rps / alternated['bare node:http']!.rps).toFixed(2),
  fastOverWeb: +(alternated['c3d-mock']!.rps / alternated['c3d-mock, Web path']!.rps).toFixed(2),
  journalOnOverOff: +(alternated['c3d-mock']!.rps / alternated['c3d-mock, journal off']!.rps).toFixed(2),
};

// The same GET and the session query on a 100,000-session seed, served from the NDJSON seed format (read a
// record at a time); the same seed as one JSON file is started too, for its start-up and RSS only.
const big = '/tmp/c3d-bench-100k.json';
const bigNdjson = '/tmp/c3d-bench-100k.ndjson';
for (const out of [big, bigNdjson]) {
  await new Promise<void>((resolve, reject) =>
    spawn(
      process.execPath,
      ['--import', 'tsx', 'src/store/generate-seed-cli.ts', '--sessions', '100000', '--out', out],
      { stdio: 'ignore' },
    ).once('exit', (code) => (code === 0 ? resolve() : reject(new Error('seed:generate failed')))),
  );
}
const largeJson = await launch(
  'c3d-mock, 100k sessions (JSON seed)',
  process.execPath,
  [...compiled, '--port', '4140', '--data-port', '4141', '--seed', big],
  /c3d-mock is serving/,
  'http://127.0.0.1:4140',
);
largeJson.process.kill();
await new Promise((resolve) => largeJson.process.once('exit', resolve));
results.largeJson = { startupMs: largeJson.startupMs, startupRssMb: largeJson.startupRssMb };
const large = await launch(
  'c3d-mock, 100k sessions',
  process.execPath,
  [...compiled, '--port', '4140', '--data-port', '4141', '--seed', bigNdjson],
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
  [...compiled, '--port', '4150', '--data-port', '4151'],
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

// The JS of a Vite-built page using createHandlers (bundle.ts), minified and gzipped.
const bundle = await bundleRow();
results.bundle = bundle.size;
console.log(bundle.row);

// In-process: the GET through MSW's setupServer and fetch, one at a time, against a trivial handler answering the
// same bytes (inprocess.ts), in a process of its own.
const inProcess = await new Promise<InProcessReport>((resolve, reject) => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/bench/inprocess.ts', String(Math.max(1, Math.round(seconds / 2))), '5'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.once('exit', (code) =>
    code === 0 ? resolve(JSON.parse(output) as InProcessReport) : reject(new Error(`inprocess.ts exited with ${code}`)),
  );
});
results.inProcess = inProcess;
console.log(
  `in-process GET (setupServer + fetch, one at a time): the mock ${inProcess.mockRps} req/s, a trivial handler ${inProcess.trivialRps} req/s (${inProcess.ratio}×)`,
);

// Start to the banner on the default seed as `npm start` runs it (the build made above), three starts, the median.
const starts: { ms: number; rssMb: number }[] = [];
for (let i = 0; i < 3; i++) {
  const started = await launch(
    'c3d-mock (npm start)',
    process.execPath,
    ['dist/src/cli.js', '--quiet', '--port', '4170', '--data-port', '4171'],
    /c3d-mock is serving/,
    'http://127.0.0.1:4170',
  );
  started.process.kill();
  await new Promise((resolve) => started.process.once('exit', resolve));
  starts.push({ ms: started.startupMs, rssMb: started.startupRssMb });
}
const npmStart = [...starts].sort((a, b) => a.ms - b.ms)[1]!;
results.npmStart = { ...npmStart, runs: starts.map((start) => start.ms) };
console.log(`npm start: ${starts.map((start) => start.ms).join(', ')} ms to the banner (RSS ${npmStart.rssMb} MB)`);

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
  'page JS using createHandlers ≤ 500 KB minified / ≤ 150 KB gzip': bundle.met,
  'session query p99 ≤ 50 ms (100k sessions)': largeResults.sessionQuery.p99 <= 50,
  'start-up ≤ 3 s (100k sessions, NDJSON seed)': largeResults.startupMs <= 3000,
  'RSS ≤ 600 MB (100k sessions, NDJSON seed, after the load)': largeResults.rssMb <= 600,
  'GET p99 at 100k ≤ 2× default seed': largeResults.get.p99 <= 2 * get['c3d-mock']!.p99,
  'the request journal costs ≤ 10% of GET throughput': ratios.journalOnOverOff >= 0.9,
  // A leak grows: RSS that falls once the first requests' garbage is returned is no failure.
  'RSS grows ≤ 10% over the leak check': leak.growthPercent <= 10,
  'contract suite < 30 s': suite.seconds < 30 && suite.failed === 0,
};
results.targets = targets;
console.log(`\n${table.join('\n')}\n`);
console.log(
  `GET ratios: mock/prism ${ratios.mockOverPrism}, mock/bare ${ratios.mockOverBare}, journal on/off ${ratios.journalOnOverOff}`,
);
console.log(
  `start-up: mock ${mock.startupMs} ms (default seed, RSS ${mock.startupRssMb} MB), ${largeResults.startupMs} ms (100k sessions from NDJSON, RSS ${largeResults.startupRssMb} MB at start, ${largeResults.rssMb} MB after the load), ${largeJson.startupMs} ms (the same seed as one JSON file, RSS ${largeJson.startupRssMb} MB at start); prism ${prism.startupMs} ms`,
);
console.log(`contract suite: ${suite.checks} checks, ${suite.failed} failed, in ${suite.seconds} s`);
console.log(
  `leak check: ${leak.requests} mixed requests in ${leak.seconds} s (${leak.failed} failed): RSS ${leak.rssAfterFirstMb} MB after the first 20,000, ${leak.rssAfterAllMb} MB after all (${leak.growthPercent > 0 ? '+' : ''}${leak.growthPercent}%; every 20,000: ${leak.rssSamplesMb.join(', ')} MB); heap in use ${leak.heapAfterFirstMb} MB, then ${leak.heapAfterAllMb} MB`,
);
for (const [target, met] of Object.entries(targets)) console.log(`${met ? 'met   ' : 'missed'} ${target}`);

// Every performance target: what, now, the target, met.
const yes = (met: boolean) => (met ? 'yes' : 'no');
const final = [
  [
    'authenticated GET /projects/1001 over HTTP, 32 connections, vs bare node:http sending the same bytes',
    `${ratios.mockOverBare}× (${alternated['c3d-mock']!.rps} / ${alternated['bare node:http']!.rps} req/s; ${alternated['c3d-mock']!.cpuUs} / ${alternated['bare node:http']!.cpuUs} µs CPU a request)`,
    '≥ 0.5×',
    yes(ratios.mockOverBare >= 0.5),
  ],
  [
    'the same vs prism mock on the same document',
    `${ratios.mockOverPrism}× (${alternated['c3d-mock']!.rps} / ${alternated['prism mock']!.rps} req/s)`,
    '≥ 25×',
    yes(ratios.mockOverPrism >= 25),
  ],
  [
    'in-process: the same GET through setupServer + fetch, one at a time, vs a trivial msw http.get handler (same bytes)',
    `${inProcess.ratio}× (${inProcess.mockRps} / ${inProcess.trivialRps} req/s)`,
    '≥ 0.9×',
    yes(inProcess.ratio >= 0.9),
  ],
  [
    'session query, 100 per page, over 100,000 sessions, p99 at 32 connections',
    `${largeResults.sessionQuery.p99} ms`,
    '≤ 50 ms',
    yes(largeResults.sessionQuery.p99 <= 50),
  ],
  [
    'start to the banner with 100,000 sessions / RSS after load',
    `${(largeResults.startupMs / 1000).toFixed(1)} s / ${largeResults.rssMb} MB`,
    '≤ 3 s / ≤ 600 MB',
    yes(largeResults.startupMs <= 3000 && largeResults.rssMb <= 600),
  ],
  [
    'start to the banner, default seed, npm start (node dist/src/cli.js)',
    `${(npmStart.ms / 1000).toFixed(2)} s`,
    '≤ 0.5 s',
    yes(npmStart.ms <= 500),
  ],
  [
    'JS of a Vite-built page using createHandlers (minified / gzip)',
    `${kb(bundle.size.minifiedBytes)} / ${kb(bundle.size.gzipBytes)}`,
    '≤ 500 KB / ≤ 150 KB',
    yes(bundle.met),
  ],
];
results.issueTable = final.map(([what, now, target, met]) => ({ what, now, target, met: met === 'yes' }));
console.log(
  `\n| what | now | target | met |\n|---|---|---|---|\n${final.map((row) => `| ${row.join(' | ')} |`).join('\n')}\n`,
);
console.log(`the fast path: ${ratios.fastOverWeb}× the Web path's GET throughput (alternating rounds)`);
await mkdir('reports', { recursive: true });
await writeFile('reports/bench.json', `${JSON.stringify(results, null, 2)}\n`);
console.log('wrote reports/bench.json');
