const LABELS: Record<string, string> = {
  pending: "Waiting",
  streaming: "Writing…",
  complete: "Done",
  failed: "Failed",
  cancelled: "Stopped",
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status}`}>{LABELS[status] ?? status}</span>;
}
