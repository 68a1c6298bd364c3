import { useClerk } from "@clerk/remix";
import { useEffect } from "react";

const ACTIVITY_EVENTS = ["pointerdown", "keydown", "scroll", "touchstart"] as const;

/** Automatic logoff: signs the clinician out after `minutes` without any input in this tab. */
export function IdleSignOut({ minutes }: { minutes: number }) {
  const clerk = useClerk();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const restart = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void clerk.signOut({ redirectUrl: "/sign-in?reason=idle" }), minutes * 60_000);
    };
    restart();
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, restart, { passive: true });
    return () => {
      clearTimeout(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, restart);
    };
  }, [clerk, minutes]);
  return null;
}
