import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { localSessionSecret } from "./local-session-secret.server";

describe("localSessionSecret", () => {
  it("is made once per data directory, kept for the next start, and readable by its owner only", () => {
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), "session-secret-")), "data");
    const first = localSessionSecret(dataDir);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(localSessionSecret(dataDir)).toBe(first);
    expect(statSync(path.join(dataDir, "session-secret")).mode & 0o777).toBe(0o600);
    expect(localSessionSecret(mkdtempSync(path.join(tmpdir(), "session-secret-")))).not.toBe(first);
  });
});
