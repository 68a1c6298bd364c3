import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { anyAdversarialText } from "@consult-summary/core/testing";

import { parseSummaryMarkdown } from "../summary-markdown";
import {
  DISCLAIMER,
  sectionToPlainText,
  summaryBodyToMarkdown,
  summaryToMarkdown,
  summaryToPlainText,
} from "./markdown-and-plain-text";
import { sectionsOf } from "./summary-sections";
import { META, SUMMARY } from "./test-fixtures";

describe("summaryToMarkdown", () => {
  it("adds a title line and a footer around the Markdown-lite body", () => {
    const markdown = summaryToMarkdown(SUMMARY, META);
    const lines = markdown.split("\n");
    expect(lines[0]).toBe("# Consultation summary");
    expect(markdown).toContain(
      "## Chief complaint\n- Productive cough for two weeks with green sputum.\n\n## History of present illness",
    );
    expect(markdown).toContain("- No chest pain or haemoptysis.");
    expect(markdown).toContain("## Medications\n- Ramipril 5 mg once daily.");
    expect(markdown.trimEnd().endsWith(DISCLAIMER)).toBe(true);
    expect(markdown).toContain("Date: 2025-03-14 09:30 UTC · Model: gpt-4o-mini · Prompt: v1");
    expect(markdown).not.toContain("Edited");
    // The body reads back as the same sections and bullets.
    const headings = parseSummaryMarkdown(markdown).filter((block) => block.kind === "heading");
    expect(headings.map((block) => block.text)).toEqual([
      "Consultation summary",
      "Chief complaint",
      "History of present illness",
      "Medications",
      "Allergies",
      "Examination",
      "Assessment",
      "Plan",
      "Follow-up",
    ]);
  });

  it("puts the title, author and edit flag in, and accepts an ISO date string", () => {
    const markdown = summaryToMarkdown("- One bullet", {
      ...META,
      createdAt: "2025-03-14T09:30:12.000Z",
      title: "Cough\nreview",
      author: "Dr A. Smith",
      edited: true,
    });
    expect(markdown.split("\n")[0]).toBe("# Consultation summary: Cough review");
    expect(markdown).toContain("- One bullet");
    expect(markdown).toContain(
      "Date: 2025-03-14 09:30 UTC · Model: gpt-4o-mini · Prompt: v1 · Author: Dr A. Smith · Edited by the clinician",
    );
  });
});

describe("summaryToPlainText", () => {
  it("writes 'Heading:' lines, bare lines and a blank line between sections: no bullets, no footer", () => {
    const plain = summaryToPlainText(SUMMARY);
    expect(plain.startsWith("Chief complaint:\nProductive cough for two weeks with green sputum.\n\n")).toBe(
      true,
    );
    expect(plain).toContain(
      "History of present illness:\nFever up to 38.5 °C for three days.\nNo chest pain or haemoptysis.\n\nMedications:\nRamipril 5 mg once daily.\n\n",
    );
    expect(
      plain.endsWith("Follow-up:\nReturn sooner if breathless or the fever persists beyond 48 hours.\n"),
    ).toBe(true);
    expect(plain).not.toContain(DISCLAIMER);
    expect(plain).not.toContain("•");
    expect(plain).not.toMatch(/CHIEF|PLAN\b/);
    for (const line of plain.split("\n")) {
      expect(line).not.toMatch(/^\s*(#|[-*+•]\s|>)/);
      expect(line).not.toMatch(/\*\*|__|`|\]\(/);
    }
  });

  it("adds bullets and the footer only when asked", () => {
    const plain = summaryToPlainText(SUMMARY, { bullets: true, footer: META });
    expect(plain).toContain("Medications:\n• Ramipril 5 mg once daily.\n\nAllergies:");
    expect(plain).toContain("Date: 2025-03-14 09:30 UTC · Model: gpt-4o-mini · Prompt: v1\n");
    expect(plain.trimEnd().endsWith(DISCLAIMER)).toBe(true);
  });

  it.each([
    ["a heading that has its colon", "## Plan:\n- Rest", "Plan:\nRest\n"],
    ["a heading in emphasis", "## **Plan**\n- Rest", "Plan:\nRest\n"],
    ["text before the first heading", "Seen today.\n## Plan\n- Rest", "Seen today.\n\nPlan:\nRest\n"],
    ["a heading with no lines", "## Allergies\n## Plan\n- Rest", "Allergies:\n\nPlan:\nRest\n"],
    ["Windows line ends", "## Plan\r\n- Rest\r\n- Fluids\r\n", "Plan:\nRest\nFluids\n"],
  ])("handles %s", (_case, text, expected) => {
    expect(summaryToPlainText(text)).toBe(expected);
  });

  it("strips inline Markdown the model should not have written", () => {
    const plain = summaryToPlainText(
      "Intro line with *emphasis* and `code`.\n### **Plan**\n- See [guideline](https://example.org/g) and __bold__\n  - nested item",
    );
    expect(plain).toBe(
      "Intro line with emphasis and code.\n\nPlan:\nSee guideline (https://example.org/g) and bold\nnested item\n",
    );
  });

  it("leaves snake_case words and arithmetic alone", () => {
    expect(summaryToPlainText("- dose_mg 2 * 3 = 6")).toBe("dose_mg 2 * 3 = 6\n");
  });
});

describe("one section as plain text (the per-section Copy)", () => {
  it("is exactly that section's part of the whole note", () => {
    const sections = sectionsOf(SUMMARY);
    const plan = sections.find((section) => section.title === "Plan")!;
    expect(sectionToPlainText(plan)).toBe(
      "Plan:\nDoxycycline 100 mg twice daily for 7 days.\nChest X-ray; review in one week.",
    );
    expect(sectionToPlainText(plan, { headings: false })).toBe(
      "Doxycycline 100 mg twice daily for 7 days.\nChest X-ray; review in one week.",
    );
    expect(summaryToPlainText(SUMMARY)).toBe(
      `${sections.map((section) => sectionToPlainText(section)).join("\n\n")}\n`,
    );
  });
});

describe("summaryBodyToMarkdown (Copy as Markdown)", () => {
  it("keeps headings and bullets, with no title line or footer", () => {
    const markdown = summaryBodyToMarkdown(SUMMARY);
    expect(markdown.startsWith("## Chief complaint\n- Productive cough")).toBe(true);
    expect(markdown).toContain("## Plan\n- Doxycycline 100 mg twice daily for 7 days.\n- Chest X-ray");
    expect(markdown).not.toContain(DISCLAIMER);
    expect(summaryToMarkdown(SUMMARY, META)).toContain(markdown);
  });
});

describe("an empty summary", () => {
  it.each(["", "  \n\n  "])("exports %j without sections", (text) => {
    expect(summaryToMarkdown(text, META)).toBe(
      `# Consultation summary\n\n---\nDate: 2025-03-14 09:30 UTC · Model: gpt-4o-mini · Prompt: v1\n${DISCLAIMER}\n`,
    );
    expect(summaryToPlainText(text, { footer: META })).toBe(
      `Date: 2025-03-14 09:30 UTC · Model: gpt-4o-mini · Prompt: v1\n${DISCLAIMER}\n`,
    );
    expect(summaryToPlainText(text)).toBe("");
  });
});

/**
 * Why `markdown` would not render as plain text plus safe links: a raw "<", or a "[" / "]" that is
 * not escaped and not part of `[label](http(s) or mailto URL)`, or such a link turned into an image.
 */
function markdownHazard(markdown: string): string | undefined {
  if (markdown.includes("<")) return "raw <";
  let previous = "";
  for (let i = 0; i < markdown.length; i++) {
    const character = markdown[i]!;
    if (character === "\\") {
      previous = "";
      i++;
      continue;
    }
    if (character === "]") return `unescaped ] at ${i}`;
    if (character === "[") {
      if (previous === "!") return `image at ${i}`;
      let close = i + 1;
      while (close < markdown.length && markdown[close] !== "]") {
        if (markdown[close] === "[") return `unescaped [ at ${close}`;
        close += markdown[close] === "\\" ? 2 : 1;
      }
      const end = markdown.indexOf(")", close);
      const url = markdown.slice(close + 2, end);
      if (markdown[close + 1] !== "(" || !/^(?:https?:\/\/|mailto:)[^\s()<>[\]\\]*$/i.test(url))
        return `unsafe link at ${i}`;
      i = end;
    }
    previous = character;
  }
  return undefined;
}

describe("summaryToMarkdown safety (issue #14)", () => {
  it("escapes raw HTML so that it shows as text", () => {
    const markdown = summaryToMarkdown(
      "## Plan <b>now</b>\n- <script>alert(1)</script> then <img src=x onerror=alert(1)>\nA &lt;b&gt; & co <!-- x -->",
      { ...META, title: "<iframe src=x>" },
    );
    expect(markdown).toContain("# Consultation summary: &lt;iframe src=x>");
    expect(markdown).toContain("## Plan &lt;b>now&lt;/b>");
    expect(markdown).toContain("- &lt;script>alert(1)&lt;/script> then &lt;img src=x onerror=alert(1)>");
    // "&" stays readable, except where it would start a character reference.
    expect(markdown).toContain("A &amp;lt;b&amp;gt; & co &lt;!-- x -->");
    expect(markdownHazard(markdown)).toBeUndefined();
  });

  it("drops javascript:, vbscript:, data: and relative links, keeping their labels", () => {
    const markdown = summaryToMarkdown(
      "- See [the notes](javascript:alert(1)), [a](JaVaScRiPt:alert(1)), [b](vbscript:msgbox), " +
        "[c](data:text/html,hi), [d](/relative) and [guideline](https://example.org/g?a=1&b=2).\n" +
        "- Mail [the clinic](mailto:clinic@example.org).",
      META,
    );
    expect(markdown).toContain(
      "- See the notes), a), b, c, d and [guideline](https://example.org/g?a=1&b=2).\n" +
        "- Mail [the clinic](mailto:clinic@example.org).",
    );
    expect(markdown).not.toMatch(/javascript|vbscript|data:/i);
  });

  it("turns images into links and leaves no other link syntax", () => {
    const markdown = summaryToMarkdown(
      "- ![pixel](https://evil.example/p.png?q=secret) !![x](https://a.example/b(c)\n" +
        '- [ref]: javascript:alert(1)\n- [x](javascript:alert(1) "title") and [y][ref] \\[z](javascript:0)',
      META,
    );
    expect(markdown).toContain(
      "- [pixel](https://evil.example/p.png?q=secret) \\![x](https://a.example/b%28c)\n- \\[ref\\]: javascript:alert(1)",
    );
    expect(markdownHazard(markdown)).toBeUndefined();
  });

  it("never lets HTML or an unsafe link through, whatever the summary, and stays linear in size", () => {
    fc.assert(
      fc.property(anyAdversarialText(), (text) => {
        const markdown = summaryToMarkdown(text, { ...META, title: text.slice(0, 200) });
        expect(markdownHazard(markdown)).toBeUndefined();
        expect(markdown.length).toBeLessThanOrEqual(12 * text.length + 600);
      }),
      { numRuns: 80 },
    );
  });
});

describe("the text exports on adversarial text (issue #14)", () => {
  it("exports a list of 300,000 bullets (spreading them into push() overflowed the stack)", () => {
    const text = "- a\n".repeat(300_000);
    expect(summaryToPlainText(text, { bullets: true }).split("\n• a")).toHaveLength(300_000);
    expect(summaryToMarkdown(text, META).split("\n- a")).toHaveLength(300_001);
  });

  it("never throws and stays linear in size", () => {
    fc.assert(
      fc.property(anyAdversarialText(), (text) => {
        expect(summaryToPlainText(text, { bullets: true, footer: META }).length).toBeLessThanOrEqual(
          2 * text.length + 200,
        );
      }),
      { numRuns: 80 },
    );
  });
});
