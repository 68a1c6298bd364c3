// Which PostgreSQL driver errors mean "the database cannot be reached" (answer 503 and retry
// later) rather than "this query is wrong" (a bug: answer 500).
const CONNECTION_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up, shutting down)
]);

// Not among them: pg-pool's "timeout exceeded when trying to connect", which means every pooled
// connection was busy for DATABASE_CONNECT_TIMEOUT_MS, and the server's too_many_connections
// (53300). Those are load, not an outage: the request fails, but the instance keeps serving (a new connection that cannot be opened in time reports
// "Connection terminated due to connection timeout", which is an outage).
const CONNECTION_ERROR_MESSAGES = [
  /connection terminated/i,
  /client has encountered a connection error/i,
  /connection is not open|not queryable/i,
];

/** Every pooled connection stayed busy for DATABASE_CONNECT_TIMEOUT_MS, or the server has no more. */
export function isOutOfConnections(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    (error as { code?: unknown }).code === "53300" ||
    /timeout exceeded when trying to connect/i.test(error.message)
  );
}

export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && (CONNECTION_ERROR_CODES.has(code) || code.startsWith("08"))) return true;
  return CONNECTION_ERROR_MESSAGES.some((pattern) => pattern.test(error.message));
}
