// A post that never reached the server (the connection dropped, the server is restarting) is
// answered in the page, not by its error page: what the clinician was writing stays on screen.

export const SERVER_UNREACHABLE = {
  code: "server_unreachable",
  message:
    "Could not reach the server, so nothing was saved. Your text is still here: try again when the connection is back.",
} as const;

export function isServerUnreachable(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === SERVER_UNREACHABLE.code;
}

/**
 * A route's clientAction: the server's answer, or SERVER_UNREACHABLE when fetch itself failed
 * (a TypeError; an answer from the server, even an error, is passed on as it was).
 */
export async function answerOrUnreachable<T>(serverAction: () => Promise<T>) {
  try {
    return await serverAction();
  } catch (error) {
    if (error instanceof TypeError) return { error: SERVER_UNREACHABLE };
    throw error;
  }
}
