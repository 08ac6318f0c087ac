import { parseArgs } from 'node:util';
import { ReportBuilder, type ReportFormat } from '../journal/report/index.ts';
import { journalFlags, parseJournalFlags, port } from './cli-options.ts';
import { writeReports } from './run-command.ts';
import { startProxy, type ProxyOptions } from './proxy.ts';
import { messageOf } from '../guards.ts';

export const proxyUsage = `Usage: c3d-mock proxy --upstream-api URL --upstream-data URL [options]

Forwards every request unchanged to a real backend and judges both directions with the journal's rules: the
request (route, method, credential format and kind, CSRF header, parameters, content type and body) and the answer
(status listed, content type, JSON that parses and fits the schema, required headers, no credential echoed).
Violations go to the log, the x-c3d-violations answer header, GET /__mock/requests and GET /__mock/report.

Options:
  --upstream-api URL   the dashboard API's /v0 root (e.g. https://api.cognitive3d.com/v0) or origin
  --upstream-data URL  the data collector's /v0 root or origin
  --port N             dashboard API port (default 4010)
  --data-port N        data-collector API port (default 4011)
  --host HOST          address to listen on (default 127.0.0.1)
  --journal-size N     keep the latest N exchanges (default 10000)
  --log FORMAT         text (default) or json
  --quiet              no request log
  --report-on-exit DIR write the conformance reports (junit, json, html) to DIR at shutdown
  --help               show this help
`;

/** Reads `proxy`'s command line; throws a message naming the misuse. */
export function parseProxyArgs(argv: string[]): { options: ProxyOptions; reportOnExit?: string } | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      'upstream-api': { type: 'string' },
      'upstream-data': { type: 'string' },
      port: { type: 'string' },
      'data-port': { type: 'string' },
      host: { type: 'string' },
      ...journalFlags,
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const api = values['upstream-api'];
  const data = values['upstream-data'];
  if (api === undefined || data === undefined) throw new Error('--upstream-api and --upstream-data are both required');
  const options: ProxyOptions = {
    upstream: { api, data },
    host: values.host ?? '127.0.0.1',
    port: values.port === undefined ? 4010 : port(values.port, '--port'),
    dataPort: values['data-port'] === undefined ? 4011 : port(values['data-port'], '--data-port'),
    ...parseJournalFlags(values),
  };
  return { options, reportOnExit: values['report-on-exit'] };
}

/** `c3d-mock proxy`: serves until SIGINT or SIGTERM; answers the exit status (2: misuse). */
export async function proxyCommand(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseProxyArgs>;
  try {
    parsed = parseProxyArgs(argv);
  } catch (error) {
    console.error(`c3d-mock proxy: ${messageOf(error)}\n\n${proxyUsage}`);
    return 2;
  }
  if (parsed === 'help') {
    console.log(proxyUsage);
    return 0;
  }
  const { options, reportOnExit } = parsed;
  // Every exchange is counted as it is recorded, so the report at exit covers the whole run, whatever the ring keeps.
  const builder = reportOnExit ? new ReportBuilder({ source: 'proxy' }) : undefined;
  const proxy = await startProxy(builder ? { ...options, onEntry: (entry) => builder.add(entry) } : options);
  const control = proxy.urls.api.replace(/\/v0$/, '');
  console.log(`c3d-mock proxy is forwarding
  dashboard API       ${proxy.urls.api} → ${options.upstream.api}
  data-collector API  ${proxy.urls.data} → ${options.upstream.data}
  report              GET ${control}/__mock/report (.json, .xml), GET ${control}/__mock/requests (loopback only)`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await proxy.close();
  if (builder && reportOnExit) {
    const report = builder.build();
    const written = await writeReports(report, ['junit', 'json', 'html'] satisfies ReportFormat[], reportOnExit);
    console.log(`${report.headline}\nreports: ${written.join(', ')}`);
  }
  return 0;
}
