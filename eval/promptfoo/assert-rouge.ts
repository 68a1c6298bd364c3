// promptfoo assertion onto our ROUGE scorer (rouge-score preprocessing, Porter stemming).
import { scoreRouge } from "../src/scoring/rouge";

interface AssertContext {
  vars: { reference: string; section?: string };
  config?: { metric?: "rouge1" | "rouge2" | "rougeL" | "rougeLsum"; threshold?: number };
}

export default function assertRouge(output: string, context: AssertContext) {
  const metric = context.config?.metric ?? (context.vars.section ? "rougeL" : "rougeLsum");
  const threshold = context.config?.threshold ?? 0.2;
  const score = scoreRouge(output, context.vars.reference, { stem: true })[metric].f;
  return {
    pass: score >= threshold,
    score,
    reason: `${metric} F1 ${score.toFixed(4)} (threshold ${threshold})`,
  };
}
