// Runs the eval CLI as a prompt engineer would (`npm run eval -- …` runs eval/scripts/eval.ts),
// in a child process with its own store, and captures what it prints.
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const REPO = path.resolve(import.meta.dirname, "../../..");
const CLI = path.join(REPO, "eval", "scripts", "eval.ts");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRun extends Promise<CliResult> {
  child: ReturnType<typeof spawn>;
  /** Everything printed to stdout and stderr so far. */
  output(): string;
}

export function runCli(
  args: string[],
  options: { env?: Record<string, string>; input?: string; cwd?: string } = {},
): CliRun {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    ...options.env,
  };
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? REPO,
    env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  if (options.input !== undefined) child.stdin.end(options.input);
  else child.stdin.end();
  const done = new Promise<CliResult>((resolve) =>
    child.on("close", (code) => resolve({ code, stdout, stderr })),
  );
  return Object.assign(done, { child, output: () => stdout + stderr });
}

export function tempDir(prefix = "eval-test-"): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** A copy of the repository's prompts/ that a test may change freely. */
/**
 * The repository's prompts with consultation-summary at its deployed v1 only, so the tests add
 * their own versions (v2, v3 …) whatever candidates the repository holds.
 */
export function copyPrompts(): string {
  const dir = tempDir("eval-prompts-");
  cpSync(path.join(REPO, "prompts"), dir, { recursive: true });
  const summaries = path.join(dir, "consultation-summary");
  const lockFile = path.join(dir, "prompts.lock.json");
  const lock = JSON.parse(readFileSync(lockFile, "utf8")) as Record<string, string>;
  for (const file of readdirSync(summaries).filter((name) => name !== "v1.md")) {
    rmSync(path.join(summaries, file));
    delete lock[`consultation-summary/${file}`];
  }
  writeFileSync(lockFile, `${JSON.stringify(lock, null, 2)}\n`);
  return dir;
}

export function writeJsonl(file: string, rows: unknown[]): string {
  writeFileSync(file, rows.map((row) => `${JSON.stringify(row)}\n`).join(""));
  return file;
}

/** Three small consultations with references, written by the test. */
export const FIXTURE_CASES = [
  {
    id: "t-1",
    notes:
      "Doctor: What brings you in?\nPatient: I have had a sore throat for three days and a fever of 38.5.\nDoctor: Your tonsils are swollen with white patches.\nDoctor: I think this is tonsillitis.\nDoctor: Take penicillin V 500 mg four times a day for ten days.\nDoctor: Come back if you cannot swallow fluids.",
    reference:
      "## Chief complaint\n- Sore throat for three days with fever of 38.5.\n\n## Examination\n- Swollen tonsils with white patches.\n\n## Assessment\n- Tonsillitis.\n\n## Plan\n- Penicillin V 500 mg four times a day for ten days.\n\n## Follow-up\n- Return if unable to swallow fluids.",
  },
  {
    id: "t-2",
    notes:
      "Doctor: How can I help?\nPatient: My left knee has been painful and swollen since I twisted it playing football on Saturday.\nDoctor: Any locking or giving way?\nPatient: It gave way twice on the stairs.\nDoctor: There is an effusion and tenderness along the medial joint line.\nDoctor: This may be a medial meniscus tear, so I will refer you for an MRI.\nDoctor: Use ice, rest and ibuprofen 400 mg three times a day with food.",
    reference:
      "## Chief complaint\n- Painful swollen left knee after a twisting football injury on Saturday.\n\n## History of present illness\n- Knee gave way twice on the stairs.\n\n## Examination\n- Effusion and medial joint line tenderness.\n\n## Assessment\n- Possible medial meniscus tear.\n\n## Plan\n- MRI referral.\n- Ice, rest and ibuprofen 400 mg three times a day with food.",
  },
  {
    id: "t-3",
    section: "MEDICATIONS",
    notes:
      "Doctor: What medicines do you take?\nPatient: Metformin 500 mg twice a day and atorvastatin 20 mg at night.\nDoctor: Anything else?\nPatient: Just vitamin D in the winter.",
    reference: "Metformin 500 mg twice daily, atorvastatin 20 mg at night, vitamin D in winter.",
  },
];
