// The fact check of a summary against its consultation (see check-facts.ts).
export { checkFacts, indexFacts, type FactIssue, type FactIssueKind, type SourceFacts } from "./check-facts";
