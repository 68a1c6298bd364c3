import { useMatches } from "@remix-run/react";
import { useEffect, type MouseEvent } from "react";
import { flushSync } from "react-dom";

interface SkipTarget {
  href: `#${string}`;
  label: string;
}

/** A route's `handle` may name where its skip link goes (the deepest route that does wins). */
export interface SkipLinkHandle {
  skipLink?: SkipTarget;
}

const MAIN_CONTENT: SkipTarget = { href: "#main", label: "Skip to main content" };

/** Sent to the skip link's target just before the focus moves there: its page shows it if hidden. */
const SHOW_TARGET = "skip-link:show";

/**
 * For a page that may hide the skip link's target (a tab not chosen): `show` runs when the skip
 * link is used, and what it renders is on screen before the focus moves.
 */
export function useShownBySkipLink(targetId: string, show: () => void) {
  useEffect(() => {
    const target = document.getElementById(targetId);
    const onShow = () => flushSync(show);
    target?.addEventListener(SHOW_TARGET, onShow);
    return () => target?.removeEventListener(SHOW_TARGET, onShow);
  }, [targetId, show]);
}

/** The page's first focusable element: hidden until focused, it jumps past the header. */
export function SkipLink() {
  const target =
    useMatches()
      .map((match) => (match.handle as SkipLinkHandle | undefined)?.skipLink)
      .findLast((skipLink) => skipLink !== undefined) ?? MAIN_CONTENT;
  // Before hydration the link works as a plain link; after it, it also reaches a hidden target.
  const skip = (event: MouseEvent<HTMLAnchorElement>) => {
    const element = document.getElementById(target.href.slice(1));
    if (!element) return;
    event.preventDefault();
    element.dispatchEvent(new Event(SHOW_TARGET));
    element.scrollIntoView();
    element.focus({ preventScroll: true });
  };
  return (
    <a className="skip-link" href={target.href} onClick={skip}>
      {target.label}
    </a>
  );
}
