// Summary writers: the contract every writer keeps, the embedded (offline) writer, the
// OpenAI-compatible one (behind the registry) and token counting.
export {
  SummaryError,
  isRetryableErrorCode,
  type ChatMessage,
  type SummaryChunk,
  type SummaryErrorCode,
  type SummaryProvider,
  type SummaryRequest,
  type SummarySection,
  type TokenUsage,
} from "./types";
export { createSummaryProvider, resolveModel, type OpenAISettings, type WriterSettings } from "./registry";
export {
  DEFAULT_SECTIONS,
  EMBEDDED_MODEL,
  MTS_SECTION_KEYS,
  SECTION_TITLES,
  chunkForStreaming,
  createEmbeddedProvider,
  mtsSection,
  summarizeConsultation,
  type EmbeddedWork,
} from "./embedded/index";
export { countingPieces, encodingForModel, estimateUsage } from "./token-count";
