import { useEffect, useState } from "react";

/** Whole seconds from now until `at` (epoch ms), at least 0. */
export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * While the summary's stream is away: the seconds to the next attempt, counted down, and a button to
 * try now. The count is not announced each second (the status line says "reconnecting" once).
 */
export function ReconnectCountdown({
  retryAt,
  onReconnectNow,
}: {
  retryAt: number;
  onReconnectNow: () => void;
}) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, [retryAt]);
  const seconds = secondsUntil(retryAt, now);
  return (
    <p className="reconnect-countdown small">
      <span aria-hidden="true" data-testid="reconnect-countdown">
        {seconds > 0 ? `Next try in ${seconds} s.` : "Trying now…"}
      </span>{" "}
      <button type="button" className="link-button" onClick={onReconnectNow}>
        Reconnect now
      </button>
    </p>
  );
}
