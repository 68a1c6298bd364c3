import { generateKeyPairSync } from "node:crypto";

import { describe, expect, it } from "vitest";

import { ConfigError, parseConfig } from "./env.server";

const rsaPem = generateKeyPairSync("rsa", { modulusLength: 2048 })
  .privateKey.export({ type: "pkcs8", format: "pem" })
  .toString();
const ecPem = generateKeyPairSync("ec", { namedCurve: "P-384" })
  .privateKey.export({ type: "sec1", format: "pem" })
  .toString();
const p256Pem = generateKeyPairSync("ec", { namedCurve: "P-256" })
  .privateKey.export({ type: "pkcs8", format: "pem" })
  .toString();

const FHIR = {
  FHIR_BASE_URL: "https://ehr.example.org/fhir/r4/",
  FHIR_CLIENT_ID: "consult-summary",
  FHIR_KEY_ID: "key-1",
  FHIR_PRIVATE_KEY: rsaPem,
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env, "/srv/app");
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("the FHIR push settings", () => {
  it("are off when none is set", () => {
    expect(parseConfig({}).fhir).toBeUndefined();
  });

  it("take an RSA key as RS384 and an EC P-384 key (with \\n escapes) as ES384", () => {
    expect(parseConfig(FHIR).fhir).toEqual({
      baseUrl: "https://ehr.example.org/fhir/r4",
      clientId: "consult-summary",
      keyId: "key-1",
      privateKeyPem: rsaPem.trim(),
      algorithm: "RS384",
      tokenUrl: undefined,
      scope: "system/DocumentReference.write",
      timeoutMs: 10_000,
    });
    const escaped = ecPem.replace(/\n/g, "\\n");
    const ec = parseConfig({ ...FHIR, FHIR_PRIVATE_KEY: escaped }).fhir;
    expect(ec?.algorithm).toBe("ES384");
    expect(ec?.privateKeyPem.trim()).toBe(ecPem.trim());
    expect(
      parseConfig({ ...FHIR, FHIR_TOKEN_URL: "https://auth.example.org/token", FHIR_SCOPE: "system/*.write" })
        .fhir,
    ).toMatchObject({ tokenUrl: "https://auth.example.org/token", scope: "system/*.write" });
  });

  it("are all or none: each missing one is named, in one error", () => {
    const problems = problemsOf({ FHIR_BASE_URL: FHIR.FHIR_BASE_URL });
    expect(problems).toHaveLength(3);
    expect(problems.join("\n")).toMatch(
      /FHIR_CLIENT_ID is missing[\s\S]*FHIR_PRIVATE_KEY is missing[\s\S]*FHIR_KEY_ID is missing/,
    );
    expect(problemsOf({ FHIR_TOKEN_URL: "https://auth.example.org/token" })).toEqual([
      expect.stringMatching(/^FHIR_TOKEN_URL is set but FHIR_BASE_URL is not/),
    ]);
  });

  it("refuse plain http off loopback, URLs with credentials, and keys that cannot sign RS384 or ES384", () => {
    expect(problemsOf({ ...FHIR, FHIR_BASE_URL: "http://ehr.example.org/fhir" })).toEqual([
      expect.stringMatching(/^FHIR_BASE_URL must be an https URL/),
    ]);
    expect(parseConfig({ ...FHIR, FHIR_BASE_URL: "http://127.0.0.1:8080/fhir" }).fhir?.baseUrl).toBe(
      "http://127.0.0.1:8080/fhir",
    );
    expect(problemsOf({ ...FHIR, FHIR_BASE_URL: "https://user:pw@ehr.example.org/fhir" })).toHaveLength(1);
    expect(problemsOf({ ...FHIR, FHIR_PRIVATE_KEY: p256Pem })).toEqual([
      expect.stringMatching(/^FHIR_PRIVATE_KEY is not a PEM RSA or EC P-384 private key/),
    ]);
    const problems = problemsOf({ ...FHIR, FHIR_PRIVATE_KEY: "not a key", FHIR_CLIENT_ID: "" });
    expect(problems).toHaveLength(2);
    expect(problems.join("\n")).not.toContain("not a key");
  });
});
