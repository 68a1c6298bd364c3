// The deploy gate: human clarity of this exact prompt file and no ROUGE regression.
export * from "./evaluate-gate";
export * from "./gate-config";
