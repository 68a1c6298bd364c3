import { useEffect, useState } from "react";

import { copyText } from "~/utils/clipboard";

type CopyState = "copied" | "failed" | undefined;

const CONFIRMATION_MS = 4_000;

/** A Copy button with a polite live "Copied" confirmation next to it. */
export function CopyButton({
  label,
  accessibleName,
  getText,
  className,
}: {
  label: string;
  /** When the visible label alone is ambiguous ("Copy" next to every section). */
  accessibleName?: string;
  /** Called on click, so a long note is formatted only when it is copied. */
  getText: () => string;
  className?: string;
}) {
  const [state, setState] = useState<CopyState>();
  useEffect(() => {
    if (state !== "copied") return;
    const timer = window.setTimeout(() => setState(undefined), CONFIRMATION_MS);
    return () => window.clearTimeout(timer);
  }, [state]);
  return (
    <span className={className ? `copy-control ${className}` : "copy-control"}>
      <button
        type="button"
        aria-label={accessibleName}
        onClick={() => void copyText(getText()).then((ok) => setState(ok ? "copied" : "failed"))}
      >
        {label}
      </button>
      <span role="status" aria-live="polite" className="copy-status small">
        {state === "copied"
          ? "Copied"
          : state === "failed"
            ? "Copy failed: select the text and copy it."
            : ""}
      </span>
    </span>
  );
}
