// Structured JSON lines on stdout (pino), one object per line, e.g.
//   {"level":"info","time":"2025-01-01T00:00:00.000Z","message":"listening","url":"http://…"}
// Callers pass identifiers and codes only: consultation and summary text are protected health
// information and must never be logged. As a second line of defence, fields whose names suggest
// free text (notes, text, body, query…) are replaced with "[redacted]".
import { pino } from "pino";

type Fields = Record<string, string | number | boolean | null | undefined>;

const REDACTED_FIELDS = [
  "notes",
  "text",
  "summary",
  "body",
  "query",
  "search",
  "url_query",
  "authorization",
  "cookie",
  "errorMessage",
];

const logger = pino(
  {
    messageKey: "message",
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_FIELDS, censor: "[redacted]" },
  },
  // Synchronous writes: a line logged just before process.exit() is never lost.
  pino.destination({ fd: 1, sync: true }),
);

// The message goes first in the merging object so every line reads `"message":"…",<fields>`.
function write(level: "info" | "warn" | "error", message: string, fields: Fields): void {
  logger[level]({ message, ...fields });
}

export const log = {
  info: (message: string, fields: Fields = {}) => write("info", message, fields),
  warn: (message: string, fields: Fields = {}) => write("warn", message, fields),
  error: (message: string, fields: Fields = {}) => write("error", message, fields),
};
