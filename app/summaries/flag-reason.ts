import { SUPPORT_THRESHOLD } from "@consult-summary/core/text";

import type { ItemGrounding } from "./summary-grounding";

/**
 * Why the clinician should check an item against the notes, in words shown next to it (on screen,
 * to screen readers and in print); undefined for an item the notes support.
 */
export function flagReason(grounding: ItemGrounding): string | undefined {
  if (grounding.supported) return undefined;
  const reasons = grounding.issues?.map((issue) => issue.reason).join("; ");
  if (reasons) return reasons;
  // The scorer's two reasons: too few of the item's words, or a number the notes never say.
  return grounding.support < SUPPORT_THRESHOLD
    ? "few of its words are in the notes"
    : "a number in it is not in the notes";
}
