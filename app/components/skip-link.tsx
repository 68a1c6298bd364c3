import { useMatches } from "@remix-run/react";

interface SkipTarget {
  href: `#${string}`;
  label: string;
}

/** A route's `handle` may name where its skip link goes (the deepest route that does wins). */
export interface SkipLinkHandle {
  skipLink?: SkipTarget;
}

const MAIN_CONTENT: SkipTarget = { href: "#main", label: "Skip to main content" };

/** The page's first focusable element: hidden until focused, it jumps past the header. */
export function SkipLink() {
  const target =
    useMatches()
      .map((match) => (match.handle as SkipLinkHandle | undefined)?.skipLink)
      .findLast((skipLink) => skipLink !== undefined) ?? MAIN_CONTENT;
  return (
    <a className="skip-link" href={target.href}>
      {target.label}
    </a>
  );
}
