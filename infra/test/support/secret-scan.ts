// Finds secret values in a CloudFormation template: literal passwords and secret strings, values
// shaped like keys, and secret-named environment variables given a plain value.
import { SECRET_NAMES } from "../../src/foundation-stack";

const SECRET_PROPERTIES = new Set(["SecretString", "MasterUserPassword", "Password", "PasswordHash"]);
const KEY_SHAPES: [string, RegExp][] = [
  ["an OpenAI key", /\bsk-[A-Za-z0-9_-]{16,}/],
  ["a Clerk key", /\b(sk|pk)_(live|test)_[A-Za-z0-9]{16,}/],
  ["an AWS access key", /\b(AKIA|ASIA)[A-Z0-9]{16}\b/],
  ["a 256-bit hex key", /\b[0-9a-f]{64}\b/i],
  ["a private key", /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ["a PostgreSQL URL with a password", /postgres(ql)?:\/\/[^:/\s]+:[^@\s]+@/],
];

const isDynamicReference = (value: unknown) => typeof value === "string" && /^\{\{resolve:/.test(value);

export function findSecretValues(template: unknown): string[] {
  const findings: string[] = [];
  const visit = (node: unknown, at: string) => {
    if (typeof node === "string") {
      for (const [shape, pattern] of KEY_SHAPES) if (pattern.test(node)) findings.push(`${at}: ${shape}`);
      return;
    }
    if (Array.isArray(node)) return node.forEach((item, index) => visit(item, `${at}[${index}]`));
    if (!node || typeof node !== "object") return;
    const record = node as Record<string, unknown>;
    // ECS Environment / App Runner RuntimeEnvironmentVariables: { Name, Value } pairs with a literal
    // value (a secret reference is an ARN, a token object here).
    if (
      typeof record.Name === "string" &&
      typeof record.Value === "string" &&
      (SECRET_NAMES as readonly string[]).includes(record.Name)
    ) {
      findings.push(`${at}: ${record.Name} given as a plain environment value`);
    }
    for (const [key, value] of Object.entries(record)) {
      if (SECRET_PROPERTIES.has(key) && !isDynamicReference(value))
        findings.push(`${at}.${key}: a literal secret`);
      visit(value, `${at}.${key}`);
    }
  };
  visit(template, "template");
  return findings;
}
