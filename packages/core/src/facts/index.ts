// The fact check of a summary against its consultation (see check-facts.ts), and the note register
// check of its lines (see register.ts).
export { checkFacts, indexFacts, type FactIssue, type FactIssueKind, type SourceFacts } from "./check-facts";
export {
  conversationalCues,
  conversationalShare,
  isConversational,
  type RegisterCue,
  type RegisterFlag,
} from "./register";
