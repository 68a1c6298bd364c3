// Text tools shared by the app and the eval: ROUGE tokenizer and Porter stemmer, sentence
// segments (and the note writer's, for speech), grounding against a source, and safe inline Markdown.
export { isLineTerminator, isWhitespace } from "./characters";
export { contentTokens, foldNumberWords, isNumberToken } from "./content-tokens";
export { escapeHtml } from "./escape-html";
export {
  SUPPORT_THRESHOLD,
  groundOutputs,
  groundSentences,
  outputSentences,
  scoreGrounding,
  type GroundedSentence,
  type GroundingResult,
} from "./grounding";
export { escapeMarkdownText, isSafeLinkUrl, toSafeMarkdown } from "./markdown-escape";
export {
  splitLinks,
  stripCodeSpans,
  stripDelimited,
  stripEmphasisMarkers,
  type InlinePart,
} from "./markdown-inline";
export { porterStem, stem } from "./porter-stemmer";
export { splitSentences, textSegments, type Segment } from "./sentences";
export { spokenSegments } from "./spoken-sentences";
export {
  indexSegments,
  indexSource,
  locateBudget,
  locateInSource,
  type SourceIndex,
  type SourceSpan,
} from "./source-index";
export { tokenize, type TokenizeOptions } from "./tokenize";
export { WorkMeter } from "./work-meter";
