// One shape of the adversarial bench: a fresh, warmed-up server and /health pinger, the shape's
// own setup, then each of its requests measured alone: /health round trips meanwhile, the event
// loop's worst delay between a /metrics scrape just before and one just after, and the server's
// memory and CPU.
import { EXAMPLE_CONSULTATION } from "../../../app/consultations/example-consultation.ts";
import { WebSession } from "../../../test/support/web-session.ts";
import { startHealthPinger, type HealthPinger } from "../health-pinger.ts";
import type { PingReport } from "../health-pings.ts";
import { waitForQuietMachine } from "../machine-load.ts";
import { timedRequest } from "../timed-request.ts";
import { startAppUnderTest, type AppUnderTest } from "./app-under-test.ts";
import { createSummarized, SetupError, type FormCredentials } from "./app-requests.ts";
import { startUsage } from "./server-usage.ts";

export interface BenchOptions {
  timeoutMs: number;
  pingMs: number;
  listSize: number;
  streams: number;
  slowSockets: number;
  slowSeconds: number;
  memoryMb: number;
}

/** What one measured request came to; `ms` overrides the measured wall time (e.g. a phase's). */
export interface Attempt {
  outcome: string;
  ms?: number;
  notes?: string[];
}

export interface Row {
  shape: string;
  request: string;
  outcome: string;
  requestMs?: number;
  pings?: PingReport;
  /** Event-loop max delay in ms, or why there is none. */
  loopDelayMax?: number | string;
  notes: string[];
  /** The bench itself failed here (not the server): the run exits non-zero. */
  harnessFailed?: boolean;
}

export interface ShapeContext {
  url: string;
  options: BenchOptions;
  /** A cookie and authenticity token for form posts (loaded once, from the list page). */
  credentials(): Promise<FormCredentials>;
  /** A note for the next measured row, e.g. how long its setup took. */
  note(text: string): void;
  measure(request: string, run: () => Promise<Attempt>): Promise<void>;
}

export interface Shape {
  name: string;
  group: string;
  run(context: ShapeContext): Promise<void>;
}

const QUIET_WAIT_MS = 15_000;
const WARM_TIMEOUT_MS = 60_000;
// The pinger's own loop late by more than this means its round trips include its own delay.
const PINGER_LATE_MS = 20;

// The server and pinger of the shape running now, for stopRunning() on Ctrl-C.
const running = new Set<{ stop(): Promise<void> }>();

/** Stops the running shape's pinger and server (for an interrupted run). */
export async function stopRunning(): Promise<void> {
  await Promise.all([...running].map((process) => process.stop()));
}

// Attempts at a shape whose server another process signalled to shut down.
const MAX_ATTEMPTS = 3;

/** Runs the shape on a fresh server; again when another process stopped that server meanwhile. */
export async function runShape(shape: Shape, options: BenchOptions): Promise<Row[]> {
  for (let attempt = 1; ; attempt++) {
    const { rows, signalledByOthers } = await runShapeOnce(shape, options);
    if (!signalledByOthers) return rows;
    const note = `another process sent the server a shutdown signal (attempt ${attempt} of ${MAX_ATTEMPTS})`;
    if (attempt === MAX_ATTEMPTS)
      return rows.map((row) => ({ ...row, notes: [...row.notes, note], harnessFailed: true }));
    console.error(`  ${shape.name}: ${note}; measuring again`);
  }
}

async function runShapeOnce(
  shape: Shape,
  options: BenchOptions,
): Promise<{ rows: Row[]; signalledByOthers: boolean }> {
  const rows: Row[] = [];
  const app = await startAppUnderTest();
  running.add(app);
  let pinger: HealthPinger | undefined;
  try {
    pinger = await startHealthPinger(app.url, options.pingMs);
    running.add(pinger);
    await warmUp(app.url);
    const context = shapeContext(shape, app, pinger, options, rows);
    await shape.run(context);
  } catch (error) {
    const setup = error instanceof SetupError;
    rows.push({
      shape: shape.name,
      request: "-",
      outcome: `${setup ? "setup failed" : "harness error"}: ${(error as Error).message}`,
      notes: [app.exit() ?? ""].filter(Boolean),
      harnessFailed: true,
    });
  }
  const signalledByOthers = app.signalledByOthers();
  await pinger?.stop();
  await app.stop();
  running.clear();
  return { rows, signalledByOthers };
}

/** Every route the shapes use, once, so no measured request pays for first-call compilation. */
async function warmUp(url: string): Promise<void> {
  const { consultationId, summaryId } = await createSummarized(url, EXAMPLE_CONSULTATION, WARM_TIMEOUT_MS);
  for (const path of [
    `/resources/summaries/${summaryId}/stream`,
    "/",
    `/consultations/${consultationId}`,
    `/consultations/${consultationId}/export?format=txt`,
    `/consultations/${consultationId}/export?format=fhir`,
  ]) {
    const response = await timedRequest(`${url}${path}`, { timeoutMs: WARM_TIMEOUT_MS });
    if (response.status !== 200)
      throw new SetupError(`warming up ${path}: ${response.status ?? response.error}`);
  }
}

function shapeContext(
  shape: Shape,
  app: AppUnderTest,
  pinger: HealthPinger,
  options: BenchOptions,
  rows: Row[],
): ShapeContext {
  const session = new WebSession(app.url);
  let pendingNotes: string[] = [];
  return {
    url: app.url,
    options,
    credentials: () => session.formCredentials(),
    note: (text) => pendingNotes.push(text),
    async measure(request, run) {
      const notes = pendingNotes;
      pendingNotes = [];
      rows.push(await measureRequest(app, pinger, options, run, { shape: shape.name, request, notes }));
    },
  };
}

async function measureRequest(
  app: AppUnderTest,
  pinger: HealthPinger,
  options: BenchOptions,
  run: () => Promise<Attempt>,
  row: Pick<Row, "shape" | "request" | "notes">,
): Promise<Row> {
  if (app.exit()) return { ...row, outcome: `not run: ${app.exit()}` };
  await waitForQuietMachine(QUIET_WAIT_MS);
  const usage = startUsage(app.pid, pinger.pid);
  await pinger.loopDelay();
  pinger.begin();
  await app.openLoopDelayWindow(options.timeoutMs);
  const started = performance.now();
  const attempt = await run();
  const requestMs = attempt.ms ?? performance.now() - started;
  const loopDelayMax = app.exit() ?? (await app.loopDelayMaxMs(options.timeoutMs));
  const pings = await pinger.end();
  const pingerLoop = await pinger.loopDelay();
  const notes = [...row.notes, ...(attempt.notes ?? []), ...usage.finish()];
  if (pingerLoop.maxMs > PINGER_LATE_MS)
    notes.push(`pinger's own loop ${pingerLoop.maxMs.toFixed(0)} ms late`);
  const exit = app.exit();
  return {
    ...row,
    outcome: exit ? `${attempt.outcome}; ${exit}` : attempt.outcome,
    requestMs,
    pings,
    loopDelayMax,
    notes,
  };
}
