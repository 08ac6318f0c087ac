import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  parseRuleIds,
  renderReport,
  ReportBuilder,
  reportFiles,
  reportFormats,
  type ConformanceReport,
  type ReportFormat,
} from '../journal/report/index.ts';
import type { RuleId } from '../journal/rules.ts';
import { isOneOf, messageOf } from '../guards.ts';
import type { JournalEntry } from '../journal/types.ts';
import { readSeedFile } from '../store/seed-file.ts';
import { startServer } from './server.ts';

export const runUsage = `Usage: c3d-mock run [options] -- <command> [args...]

Starts the mock (both hosts on free loopback ports), runs <command> with C3D_API_URL and C3D_DATA_URL set to the two
/v0 roots (stdin, stdout and stderr are the command's), then writes the conformance report of every request the
command made and prints its headline. A single argument with spaces is run by the shell: run -- "npm test".

Exit status: the command's, when it failed; else 1 when a request broke a rule (a violation, or a warning unless
--allow-warnings) that --allow does not exclude; else 0. 2: misuse.

Options:
  --report FORMATS  the reports to write, comma-separated: junit, json, html (default all three)
  --out DIR         where to write them (default reports/conformance): conformance-junit.xml,
                    conformance-report.json, conformance-report.html
  --allow RULE      a rule that does not fail the run (repeatable; the rule ids of the journal)
  --allow-warnings  warnings do not fail the run
  --seed FILE       start the mock from this seed
  --clock DATE      pin the mock's clock at DATE
  --log FORMAT      print the mock's request log: text or json (default: none)
  --help            show this help
`;

export interface RunArgs {
  command: [file: string, ...args: string[]];
  formats: ReportFormat[];
  out: string;
  allow: RuleId[];
  allowWarnings: boolean;
  seed?: string;
  clock?: string;
  log: 'text' | 'json' | 'none';
}

/** Reads `run`'s command line; throws a message naming the misuse. */
export function parseRunArgs(argv: string[]): RunArgs | 'help' {
  const split = argv.indexOf('--');
  const flags = split < 0 ? argv : argv.slice(0, split);
  const command = split < 0 ? [] : argv.slice(split + 1);
  const { values, positionals } = parseArgs({
    args: flags,
    options: {
      report: { type: 'string' },
      out: { type: 'string' },
      allow: { type: 'string', multiple: true },
      'allow-warnings': { type: 'boolean' },
      seed: { type: 'string' },
      clock: { type: 'string' },
      log: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) return 'help';
  if (positionals.length > 0)
    throw new Error(`the command goes after --: c3d-mock run [options] -- ${positionals.join(' ')}`);
  const [file, ...args] = command;
  if (file === undefined) throw new Error('no command to run: c3d-mock run [options] -- <command> [args...]');
  const formats: ReportFormat[] = [];
  for (const format of (values.report ?? reportFormats.join(',')).split(',').map((text) => text.trim()))
    if (isOneOf(reportFormats, format)) formats.push(format);
    else if (format !== '')
      throw new Error(`--report takes junit, json and html (comma-separated), not ${JSON.stringify(format)}`);
  if (formats.length === 0) throw new Error('--report needs at least one of junit, json, html');
  let allow: RuleId[];
  try {
    allow = parseRuleIds(values.allow ?? []);
  } catch (error) {
    throw new Error(`--allow: ${messageOf(error)}`);
  }
  if (values.log !== undefined && values.log !== 'text' && values.log !== 'json')
    throw new Error(`--log must be text or json, not ${JSON.stringify(values.log)}`);
  return {
    command: [file, ...args],
    formats: [...new Set(formats)],
    out: values.out ?? join('reports', 'conformance'),
    allow,
    allowWarnings: values['allow-warnings'] === true,
    seed: values.seed,
    clock: values.clock,
    log: values.log ?? 'none',
  };
}

/** Writes the report in each format to DIR (created when missing); answers the paths written. */
export async function writeReports(report: ConformanceReport, formats: readonly ReportFormat[], dir: string) {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const format of formats) {
    const path = join(dir, reportFiles[format]);
    await writeFile(path, renderReport(report, format));
    written.push(path);
  }
  return written;
}

/** Runs the command and answers its exit status (128 + the signal's number when a signal ended it, 127 when it could not start). */
function runChild(command: RunArgs['command'], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolvePromise) => {
    const [file, ...args] = command;
    const shell = command.length === 1 && /\s/.test(file);
    const child = spawn(file, args, { stdio: 'inherit', env, shell });
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    const done = (status: number) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolvePromise(status);
    };
    child.once('error', (error) => {
      console.error(`c3d-mock run: could not start ${file}: ${error.message}`);
      done(127);
    });
    child.once('exit', (code, signal) => {
      const signals: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
      done(code ?? 128 + (signal ? (signals[signal] ?? 0) : 0));
    });
  });
}

/** `c3d-mock run`: answers the exit status. */
export async function runCommand(argv: string[]): Promise<number> {
  let args: RunArgs | 'help';
  try {
    args = parseRunArgs(argv);
  } catch (error) {
    console.error(`c3d-mock run: ${messageOf(error)}\n\n${runUsage}`);
    return 2;
  }
  if (args === 'help') {
    console.log(runUsage);
    return 0;
  }
  const builder = new ReportBuilder({ allow: args.allow, allowWarnings: args.allowWarnings });
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({
      port: 0,
      dataPort: 0,
      host: '127.0.0.1',
      log: args.log,
      clock: args.clock,
      // Every request is counted by the builder as it is recorded: the report covers the whole run, whatever the ring keeps.
      onEntry: (entry: JournalEntry) => builder.add(entry),
      ...(args.seed ? { seed: await readSeedFile(args.seed), seedSource: args.seed } : {}),
    });
  } catch (error) {
    console.error(`c3d-mock run: the mock could not start: ${messageOf(error)}`);
    return 2;
  }
  const status = await runChild(args.command, {
    ...process.env,
    C3D_API_URL: server.urls.api,
    C3D_DATA_URL: server.urls.data,
  });
  await server.close();
  const report = builder.build();
  const written = await writeReports(report, args.formats, args.out);
  console.log(`c3d-mock run: ${report.headline}`);
  const failing = [...report.violations, ...report.warnings].filter((group) => !group.allowed);
  for (const group of failing)
    console.log(`  ${group.severity} ${group.rule}: ${group.requests} request${group.requests === 1 ? '' : 's'}`);
  console.log(`reports: ${written.map((path) => resolve(path)).join(', ')}`);
  if (status !== 0) {
    console.log(`the command exited with status ${status}`);
    return status;
  }
  return report.passed ? 0 : 1;
}

/**
 * `npm start -- --report-on-exit DIR`: counts every request the server's mock records (chained after any `onEntry`
 * already given) and answers `write(dir)`, which writes the three reports and prints the headline.
 */
export function reportOnExit(options: { onEntry?: (entry: JournalEntry) => void }): {
  write(dir: string): Promise<void>;
} {
  const builder = new ReportBuilder();
  const before = options.onEntry;
  options.onEntry = (entry) => {
    before?.(entry);
    builder.add(entry);
  };
  return {
    write: async (dir) => {
      const report = builder.build();
      try {
        const written = await writeReports(report, reportFormats, dir);
        console.log(`${report.headline}\nreports: ${written.join(', ')}`);
      } catch (error) {
        console.error(`c3d-mock: the reports could not be written to ${dir}: ${messageOf(error)}`);
      }
    },
  };
}
