import { parseArgs } from 'node:util';
import { parseClock } from '../core/clock.ts';
import { parseErrorRate, parseLatency } from '../http/conditions.ts';
import { faultDescriptions, parseFaults } from '../core/faults.ts';
import type { LogFormat } from './request-log.ts';
import type { ServerOptions } from './server.ts';
import { messageOf } from '../guards.ts';

export const usage = `Usage: c3d-mock [options]
       c3d-mock verify --principals FILE [options]         run the contract suite against any implementation
       c3d-mock principals --api URL --data URL [--key NAME=VALUE | --login NAME=EMAIL:PASSWORD]...
                                                          write a principals file for verify by asking the API
       c3d-mock merge-reports --out DIR REPORT...          merge the JSON reports of verify's shards
       c3d-mock run [options] -- <command>                 run a client against the mock; report its conformance
       c3d-mock proxy --upstream-api URL --upstream-data URL
                                                          validate a real backend's traffic in both directions
       (each subcommand: --help)

Serves the Cognitive3D dashboard API and data-collector API from an in-memory, stateful mock.

Options:
  --port N          dashboard API port (default 4010)
  --data-port N     data-collector API port (default 4011)
  --host HOST       address to listen on (default 127.0.0.1)
  --seed FILE       start from this seed instead of the embedded default seed
  --state-file FILE keep the state in FILE: loaded at start when it exists (else the seed is used), written
                    atomically after every batch of changes and on SIGTERM/SIGINT
  --clock DATE      pin the clock at DATE (ISO-8601, e.g. 2026-01-21 or 2026-01-21T09:30:00Z): answers are
                    byte-stable, and the seed's dates move to fit DATE; by default the clock is the system's and
                    the seed's newest session ended yesterday
  --latency MS      delay every answer: MS, or MIN-MAX for a random delay in that range
  --error-rate P    answer a share P (0..1) of requests with 503 (HTML pages for multipart uploads)
  --max-body-size N request bodies over N bytes (or KB, MB, GB) answer 413 (default 256MB)
  --journal-size N  keep the latest N requests in the journal (GET /__mock/requests; default 10000, 0: none)
  --log FORMAT      the request log on stdout: text (default: one line per request) or json (one entry per line)
  --quiet           no request log
  --report-on-exit DIR  at shutdown (SIGINT, SIGTERM), write the conformance report of every request served
                    to DIR: conformance-junit.xml, conformance-report.json, conformance-report.html
  --fault NAME      break one rule on purpose (repeatable); faults:
${Object.entries(faultDescriptions)
  .map(([name, text]) => `                      ${name.padEnd(20)} ${text}`)
  .join('\n')}
  --help            show this help
`;

const sizeUnits: Readonly<Record<string, number>> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

/** `1048576`, `512KB`, `100MB`, `1GB` (powers of 1024). */
export function parseSize(text: string): number {
  const match = /^(\d+)\s*(B|KB|MB|GB)?$/i.exec(text.trim());
  if (!match) throw new Error(`--max-body-size must be a number of bytes, or KB, MB, GB; not ${JSON.stringify(text)}`);
  const unit = sizeUnits[(match[2] ?? 'B').toUpperCase()] ?? 1;
  return Number(match[1]) * unit;
}

export const port = (text: string, flag: string) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65535)
    throw new Error(`${flag} must be a port number (0-65535), not ${JSON.stringify(text)}`);
  return value;
};

const parseClockFlag = (text: string) => {
  try {
    parseClock(text);
    return text;
  } catch (error) {
    throw new Error(`--${messageOf(error)}`);
  }
};

/** The journal's and the request log's flags, which the server and the proxy share. */
export const journalFlags = {
  'journal-size': { type: 'string' },
  log: { type: 'string' },
  quiet: { type: 'boolean' },
  'report-on-exit': { type: 'string' },
} as const;

/** `--journal-size`, `--log` and `--quiet` as options; throws a message naming the bad flag. */
export function parseJournalFlags(values: { 'journal-size'?: string; log?: string; quiet?: boolean }): {
  journalSize?: number;
  log: LogFormat;
} {
  const size = values['journal-size'];
  if (size !== undefined && !/^\d+$/.test(size))
    throw new Error(`--journal-size must be a whole number of entries, not ${JSON.stringify(size)}`);
  if (values.quiet && values.log !== undefined) throw new Error('--quiet and --log cannot be used together');
  if (values.log !== undefined && values.log !== 'text' && values.log !== 'json')
    throw new Error(`--log must be text or json, not ${JSON.stringify(values.log)}`);
  return {
    ...(size === undefined ? {} : { journalSize: Number(size) }),
    log: values.quiet ? 'none' : (values.log ?? 'text'),
  };
}

/** Reads the command line into server options; throws with a message naming the bad flag. */
export function parseServerArgs(
  argv: string[],
): { help: true } | { help: false; options: ServerOptions; seedFile?: string; reportOnExit?: string } {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'data-port': { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      'state-file': { type: 'string' },
      clock: { type: 'string' },
      latency: { type: 'string' },
      'error-rate': { type: 'string' },
      fault: { type: 'string', multiple: true },
      'max-body-size': { type: 'string' },
      ...journalFlags,
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) return { help: true };
  const options: ServerOptions = {
    port: values.port === undefined ? 4010 : port(values.port, '--port'),
    dataPort: values['data-port'] === undefined ? 4011 : port(values['data-port'], '--data-port'),
    host: values.host ?? '127.0.0.1',
    faults: parseFaults(values.fault ?? []),
    stateFile: values['state-file'],
  };
  if (values.clock !== undefined) options.clock = parseClockFlag(values.clock);
  if (values.latency !== undefined) options.latency = parseLatency(values.latency);
  if (values['max-body-size'] !== undefined) options.maxBodyBytes = parseSize(values['max-body-size']);
  if (values['error-rate'] !== undefined) options.errorRate = parseErrorRate(values['error-rate']);
  Object.assign(options, parseJournalFlags(values));
  return { help: false, options, seedFile: values.seed, reportOnExit: values['report-on-exit'] };
}
