import { describe, expect, it } from "vitest";

import { checkNotes, countCharacters, extractNotesFromFile, NOTES_MAX_CHARACTERS } from "./notes-input";

describe("checkNotes", () => {
  it("requires some text", () => {
    expect(checkNotes("")?.code).toBe("notes_required");
    expect(checkNotes(" \n\t")?.code).toBe("notes_required");
    expect(checkNotes("Patient: cough")).toBeUndefined();
  });

  it("limits the length in characters, counting an emoji as one", () => {
    expect(countCharacters("🩺ab")).toBe(3);
    expect(checkNotes("🩺".repeat(NOTES_MAX_CHARACTERS))).toBeUndefined();
    expect(checkNotes("a".repeat(NOTES_MAX_CHARACTERS + 1))).toMatchObject({
      code: "notes_too_long",
      status: 413,
    });
  });
});

describe("extractNotesFromFile", () => {
  it("takes a text file as is", () => {
    expect(extractNotesFromFile("visit.TXT", "Doctor: hi")).toBe("Doctor: hi");
  });

  it("takes a JSON string or a notes/dialogue/transcript/text field", () => {
    expect(extractNotesFromFile("a.json", '"Doctor: hi"')).toBe("Doctor: hi");
    expect(extractNotesFromFile("a.json", '{"dialogue": "Doctor: hi"}')).toBe("Doctor: hi");
    expect(extractNotesFromFile("a.json", '{"id": 1, "notes": "n"}')).toBe("n");
  });

  it("explains what is wrong with a JSON file", () => {
    expect(() => extractNotesFromFile("a.json", "{")).toThrow("a.json is not valid JSON.");
    expect(() => extractNotesFromFile("a.json", '{"body": 1}')).toThrow(/no "notes"/);
  });
});
