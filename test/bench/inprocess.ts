/**
 * The in-process row of `npm run bench`: the authenticated GET /projects/1001 through MSW's `setupServer` and
 * `fetch`, one request at a time, with the mock's handlers (`createHandlers`) and with a trivial `http.get` handler
 * answering the same bytes and headers (MSW's own ceiling), in alternating rounds in this one process. Prints JSON
 * (`InProcessReport`). `npx tsx test/bench/inprocess.ts [SECONDS_PER_ROUND] [ROUNDS]` runs it alone.
 */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { fileURLToPath } from 'node:url';
import { createHandlers } from '../../src/msw/handlers.ts';

export interface InProcessReport {
  /** Requests a second, the median of the rounds. */
  mockRps: number;
  trivialRps: number;
  /** mock / trivial. */
  ratio: number;
  rounds: { mock: number; trivial: number }[];
}

const url = 'https://api.cognitive3d.com/v0/projects/1001';
const headers = { authorization: 'orgkey-ac3e0000000000000000000000000001' };

export async function measureInProcess(secondsPerRound = 2, rounds = 5): Promise<InProcessReport> {
  const { handlers } = createHandlers();
  const server = setupServer(...handlers);
  server.listen({ onUnhandledRequest: 'error' });
  try {
    // The mock's answer, served as it is by the trivial handler.
    const first = await fetch(url, { headers });
    if (first.status !== 200) throw new Error(`the mock answered ${first.status}`);
    const bytes = new Uint8Array(await first.arrayBuffer());
    const answerHeaders = [...first.headers];
    const trivial = http.get(url, () => new HttpResponse(bytes, { status: 200, headers: answerHeaders }));
    const run = async (seconds: number) => {
      const until = performance.now() + seconds * 1000;
      let count = 0;
      const started = performance.now();
      while (performance.now() < until) {
        const answer = await fetch(url, { headers });
        await answer.arrayBuffer();
        if (answer.status !== 200) throw new Error(`answered ${answer.status}`);
        count++;
      }
      return Math.round(count / ((performance.now() - started) / 1000));
    };
    const use = (which: 'mock' | 'trivial') =>
      which === 'mock' ? server.resetHandlers(...handlers) : server.resetHandlers(trivial);
    // Warm both up, then alternate.
    for (const which of ['mock', 'trivial'] as const) {
      use(which);
      await run(1);
    }
    const measured: { mock: number; trivial: number }[] = [];
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? (['mock', 'trivial'] as const) : (['trivial', 'mock'] as const);
      const figures = { mock: 0, trivial: 0 };
      for (const which of order) {
        use(which);
        figures[which] = await run(secondsPerRound);
      }
      measured.push(figures);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const mockRps = median(measured.map((r) => r.mock));
    const trivialRps = median(measured.map((r) => r.trivial));
    return { mockRps, trivialRps, ratio: +(mockRps / trivialRps).toFixed(2), rounds: measured };
  } finally {
    server.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [seconds, rounds] = process.argv.slice(2).map(Number);
  console.log(JSON.stringify(await measureInProcess(seconds || undefined, rounds || undefined)));
}
