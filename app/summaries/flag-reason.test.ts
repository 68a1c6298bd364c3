import { describe, expect, it } from "vitest";

import { flagReason } from "./flag-reason";
import { groundItem } from "./summary-grounding";

const NOTES =
  "Doctor: How long have you had the cough? Patient: About ten days, with green phlegm. " +
  "Doctor: I will prescribe doxycycline 100 mg twice a day for seven days.";

describe("flagReason", () => {
  it("gives none for an item the notes support", () => {
    expect(flagReason(groundItem("Cough for about ten days with green phlegm.", NOTES))).toBeUndefined();
  });

  it("gives the fact check's reason when it has one", () => {
    const grounding = groundItem("Doxycycline 200 mg twice a day for seven days.", NOTES);
    expect(grounding.issues?.length).toBeGreaterThan(0);
    expect(flagReason(grounding)).toBe(grounding.issues!.map((issue) => issue.reason).join("; "));
  });

  it("says the notes lack the words of an item they never mention", () => {
    const grounding = groundItem("Referred to cardiology for an echocardiogram and Holter monitor.", NOTES);
    expect(grounding.issues ?? []).toEqual([]);
    expect(flagReason(grounding)).toBe("few of its words are in the notes");
  });
});
