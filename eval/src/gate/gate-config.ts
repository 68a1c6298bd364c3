import { readFileSync } from "node:fs";

import { z } from "zod";

import { EVAL_PROVIDERS } from "../providers/index";

export const gateConfigSchema = z
  .object({
    promptId: z.string().min(1),
    clarityTarget: z.number().min(1).max(5),
    minRatings: z.number().int().min(1),
    dataset: z.string().min(1),
    provider: z.enum(EVAL_PROVIDERS),
    metric: z.enum(["rouge1", "rouge2", "rougeL", "rougeLsum"]),
    rougeTolerance: z.number().min(0).max(1),
  })
  .strict();

export type GateConfig = z.infer<typeof gateConfigSchema>;

export function readGateConfig(file: string): GateConfig {
  const parsed = gateConfigSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: field "${issue.path.join(".")}" ${issue.message}`);
  }
  return parsed.data;
}
