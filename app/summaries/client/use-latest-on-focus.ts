import { useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";

/** What the page shows, reduced to what another tab or window can change. */
export interface ShownVersion {
  summaryId: string | null;
  revision: number;
}

/**
 * Loads the page's data again whenever the window gets focus or becomes visible, so a tab left
 * open behind another never shows, copies or exports an old summary; when what came back differs
 * from what was shown, returns a notice saying so. `paused` (an editor is open) skips the reload:
 * the clinician's unsaved text is not pulled from under them, and its save meets the newer text
 * as a conflict instead.
 */
export function useLatestOnFocus(shown: ShownVersion, paused: boolean) {
  const revalidator = useRevalidator();
  const [notice, setNotice] = useState<string | null>(null);
  const before = useRef<ShownVersion | null>(null);
  const latest = useRef({ shown, paused, revalidator });
  latest.current = { shown, paused, revalidator };

  useEffect(() => {
    const check = () => {
      const { shown, paused, revalidator } = latest.current;
      if (document.visibilityState !== "visible" || paused || revalidator.state !== "idle") return;
      before.current = shown;
      revalidator.revalidate();
    };
    window.addEventListener("focus", check);
    document.addEventListener("visibilitychange", check);
    return () => {
      window.removeEventListener("focus", check);
      document.removeEventListener("visibilitychange", check);
    };
  }, []);

  const lastShown = useRef(shown);
  useEffect(() => {
    const was = before.current;
    const changed =
      lastShown.current.summaryId !== shown.summaryId || lastShown.current.revision !== shown.revision;
    lastShown.current = shown;
    if (revalidator.state !== "idle") return;
    // Changed by this tab's own save, restore or regenerate: an older notice no longer applies.
    if (!was) {
      if (changed) setNotice(null);
      return;
    }
    before.current = null;
    if (was.summaryId !== shown.summaryId) {
      setNotice("A new summary was generated in another tab or window — showing the latest.");
    } else if (was.revision !== shown.revision) {
      setNotice("This summary changed in another tab or window — showing the latest.");
    }
    // `shown` is compared by its two fields.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [revalidator.state, shown.summaryId, shown.revision]);

  return { notice, dismiss: useCallback(() => setNotice(null), []) };
}
