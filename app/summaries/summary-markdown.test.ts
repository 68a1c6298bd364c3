import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { anyAdversarialText } from "@consult-summary/core/testing";
import { parseSummaryMarkdown } from "./summary-markdown";

describe("parseSummaryMarkdown", () => {
  it("turns headings and bullets into blocks, grouping consecutive bullets", () => {
    expect(
      parseSummaryMarkdown("## Plan\n- Chest X-ray.\n- Doxycycline.\n\n## Follow-up\nReturn in 48 hours."),
    ).toEqual([
      { kind: "heading", text: "Plan" },
      { kind: "list", items: ["Chest X-ray.", "Doxycycline."] },
      { kind: "heading", text: "Follow-up" },
      { kind: "paragraph", text: "Return in 48 hours." },
    ]);
  });

  it("keeps HTML as text and drops emphasis markers", () => {
    expect(parseSummaryMarkdown("- <script>alert(1)</script> **bold**")).toEqual([
      { kind: "list", items: ["<script>alert(1)</script> bold"] },
    ]);
  });

  it("handles a partial stream that ends mid-line", () => {
    expect(parseSummaryMarkdown("## Chief compl")).toEqual([{ kind: "heading", text: "Chief compl" }]);
  });

  it("turns any text into single-line blocks no longer than the text, deterministically (issue #14)", () => {
    fc.assert(
      fc.property(anyAdversarialText(), (text) => {
        const blocks = parseSummaryMarkdown(text);
        const texts = blocks.flatMap((block) => (block.kind === "list" ? block.items : [block.text]));
        let total = 0;
        for (const line of texts) {
          expect(line).not.toContain("\n");
          total += line.length;
        }
        expect(total).toBeLessThanOrEqual(text.length);
        expect(parseSummaryMarkdown(text)).toEqual(blocks);
      }),
      { numRuns: 80 },
    );
  });
});
