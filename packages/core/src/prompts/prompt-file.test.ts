import { describe, expect, it } from "vitest";

import { parsePromptFile, PromptFileError, renderPromptMessages } from "./prompt-file";

const VALID = `---
id: consultation-summary
version: v7
model: gpt-4o-mini
temperature: 0.2
maxOutputTokens: 500
sections:
  - key: plan
    title: Plan
    description: what happens next
  - key: follow_up
    title: Follow-up
---

# System

Write under:
{{sections}}

# User

<consultation>
{{notes}}
</consultation>
`;

function errorOf(content: string): string {
  try {
    parsePromptFile("consultation-summary/v7.md", content);
  } catch (error) {
    expect(error).toBeInstanceOf(PromptFileError);
    return (error as Error).message;
  }
  throw new Error("expected a PromptFileError");
}

describe("parsePromptFile", () => {
  it("reads the front matter, both messages and a content hash", () => {
    const prompt = parsePromptFile("consultation-summary/v7.md", VALID);
    expect(prompt).toMatchObject({
      id: "consultation-summary",
      version: "v7",
      model: "gpt-4o-mini",
      temperature: 0.2,
      maxOutputTokens: 500,
      sections: [
        { key: "plan", title: "Plan", description: "what happens next" },
        { key: "follow_up", title: "Follow-up" },
      ],
    });
    expect(prompt.system).toBe("Write under:\n{{sections}}");
    expect(prompt.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(parsePromptFile("x", VALID.replace("500", "501")).hash).not.toBe(prompt.hash);
  });

  it("reads the note format, the clinical note when the front matter names none", () => {
    expect(parsePromptFile("x", VALID).format).toBe("note");
    for (const format of ["note", "letter", "patient-summary"]) {
      const prompt = parsePromptFile(
        "x",
        VALID.replace("temperature: 0.2", `temperature: 0.2\nformat: ${format}`),
      );
      expect(prompt.format).toBe(format);
    }
    expect(errorOf(VALID.replace("temperature: 0.2", "temperature: 0.2\nformat: memo"))).toMatch(
      /^consultation-summary\/v7\.md: field "format" /,
    );
  });

  it("names the file and the field that is wrong", () => {
    expect(errorOf(VALID.replace("temperature: 0.2", "temperature: hot"))).toMatch(
      /^consultation-summary\/v7\.md: field "temperature" /,
    );
    expect(errorOf(VALID.replace("maxOutputTokens: 500\n", ""))).toMatch(/field "maxOutputTokens" Required/);
    expect(errorOf(VALID.replace("key: plan", "key: Plan Now"))).toMatch(/field "sections.0.key"/);
    expect(errorOf(VALID.replace("version: v7", "version: seven"))).toMatch(
      /field "version" must look like "v1"/,
    );
    expect(errorOf(VALID.replace("model: gpt-4o-mini", "model: gpt\nmodle: x"))).toMatch(/Unrecognized key/);
  });

  it("rejects broken structure", () => {
    expect(errorOf("no front matter")).toMatch(/front matter/);
    expect(errorOf(VALID.replace("sections:", "sections: [unclosed"))).toMatch(/not valid YAML/);
    expect(errorOf(VALID.replace("# User", "# Assistant"))).toMatch(
      /"# System" heading followed by a "# User"/,
    );
    expect(errorOf(VALID.replace("{{notes}}", "{{note}}"))).toMatch(/\{\{notes\}\} placeholder/);
  });
});

describe("renderPromptMessages", () => {
  const prompt = parsePromptFile("p", VALID);

  it("fills the sections list and the notes", () => {
    const [system, user] = renderPromptMessages(prompt, "Doctor: hello");
    expect(system).toEqual({
      role: "system",
      content: "Write under:\n- Plan: what happens next\n- Follow-up",
    });
    expect(user!.content).toBe("<consultation>\nDoctor: hello\n</consultation>");
  });

  it("can ask for some sections only", () => {
    const [system] = renderPromptMessages(prompt, "x", [prompt.sections[1]!]);
    expect(system!.content).toBe("Write under:\n- Follow-up");
  });

  it("renders each consultation with its own notes and the sections asked for, in any order", () => {
    const full = "Write under:\n- Plan: what happens next\n- Follow-up";
    const renders = [
      renderPromptMessages(prompt, "first"),
      renderPromptMessages(prompt, "second", [prompt.sections[1]!]),
      renderPromptMessages(prompt, "third"),
    ];
    expect(renders.map(([system]) => system!.content)).toEqual([full, "Write under:\n- Follow-up", full]);
    expect(renders.map(([, user]) => user!.content)).toEqual(
      ["first", "second", "third"].map((notes) => `<consultation>\n${notes}\n</consultation>`),
    );
  });

  it("leaves placeholder-like text inside the notes as typed", () => {
    const [, user] = renderPromptMessages(prompt, "Patient said {{sections}} and {{notes}}");
    expect(user!.content).toContain("Patient said {{sections}} and {{notes}}");
  });
});
