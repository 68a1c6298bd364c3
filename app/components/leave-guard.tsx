import { useBlocker, type BlockerFunction } from "@remix-run/react";
import { useCallback, useEffect } from "react";

import { ConfirmDialog } from "./confirm-dialog";

/**
 * While `unsaved` is true, leaving the page asks first: a link or other in-app navigation opens a
 * dialog (Leave / Cancel), and a reload or a closed tab gets the browser's own "Leave site?"
 * question. The unsaved text itself is kept nowhere else (it is PHI: no storage, no cache).
 */
export function LeaveGuard({ unsaved }: { unsaved: boolean }) {
  const shouldBlock = useCallback<BlockerFunction>(
    ({ currentLocation, nextLocation }) =>
      unsaved &&
      (currentLocation.pathname !== nextLocation.pathname || currentLocation.search !== nextLocation.search),
    [unsaved],
  );
  const blocker = useBlocker(shouldBlock);
  useEffect(() => {
    if (!unsaved) return;
    const ask = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers ask only when returnValue is set.
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", ask);
    return () => window.removeEventListener("beforeunload", ask);
  }, [unsaved]);
  // A navigation blocked just as the text was saved goes ahead.
  useEffect(() => {
    if (blocker.state === "blocked" && !unsaved) blocker.proceed();
  }, [blocker, unsaved]);
  return (
    <ConfirmDialog
      open={blocker.state === "blocked"}
      title="Leave without saving your edit?"
      confirmLabel="Leave"
      onConfirm={() => blocker.proceed?.()}
      onCancel={() => blocker.reset?.()}
    >
      <p>Your changes to the summary are not saved. If you leave this page now they are lost.</p>
    </ConfirmDialog>
  );
}
