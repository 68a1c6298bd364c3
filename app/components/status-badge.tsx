const LABELS: Record<string, string> = {
  pending: "Waiting",
  streaming: "Writing…",
  complete: "Done",
  failed: "Failed",
  // Ended from the server's side (it stopped or restarted, or no page stayed connected): ADR 014.
  interrupted: "Interrupted",
  // Only the clinician's Stop ends a summary `cancelled`.
  cancelled: "Stopped",
};

/** A summary's status; a failure whose code is `interrupted` is not the summary's own failure. */
export function StatusBadge({ status, errorCode }: { status: string; errorCode?: string | null }) {
  const shown = status === "failed" && errorCode === "interrupted" ? "interrupted" : status;
  return <span className={`badge badge-${shown}`}>{LABELS[shown] ?? shown}</span>;
}
