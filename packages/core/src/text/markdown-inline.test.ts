import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { SHAPES } from "../testing/adversarial-text";
import { splitLinks, stripCodeSpans, stripDelimited, stripEmphasisMarkers } from "./markdown-inline";
import { WorkMeter } from "./work-meter";

// The regular expressions the scanners replace, as oracles on short text only: each of them is
// quadratic on long text, which is why the scanners exist.
/* eslint-disable regexp/no-super-linear-move -- oracles, run on short inputs only */
const ORACLES: Record<string, (text: string) => string> = {
  links: (text) =>
    text.replace(/!?\[([^\]]*)\]\(([^)\s]*)\)/g, (_match, label: string, url: string) => `{${label}|${url}}`),
  code: (text) => text.replace(/`+([^`]*)`+/g, "$1"),
  "**": (text) => text.replace(/\*\*(.+?)\*\*/g, "$1"),
  __: (text) => text.replace(/__(.+?)__/g, "$1"),
  "~~": (text) => text.replace(/~~(.+?)~~/g, "$1"),
  "*": (text) => text.replace(/(^|[\s(])\*(\S(?:.*?\S)?)\*(?=$|[\s).,;:!?])/g, "$1$2"),
  _: (text) => text.replace(/(^|[\s(])_(\S(?:.*?\S)?)_(?=$|[\s).,;:!?])/g, "$1$2"),
};
/* eslint-enable regexp/no-super-linear-move */

const SCANNERS: Record<string, (text: string, meter?: WorkMeter) => string> = {
  links: (text, meter) =>
    splitLinks(text, meter)
      .map((part) => (part.kind === "text" ? part.text : `{${part.label}|${part.url}}`))
      .join(""),
  code: stripCodeSpans,
  "**": (text, meter) => stripDelimited(text, "**", meter),
  __: (text, meter) => stripDelimited(text, "__", meter),
  "~~": (text, meter) => stripDelimited(text, "~~", meter),
  "*": (text, meter) => stripEmphasisMarkers(text, "*", meter),
  _: (text, meter) => stripEmphasisMarkers(text, "_", meter),
};

const markup = fc
  .array(
    fc.constantFrom(
      ..."[]()!*_~` \t\n\r\u2028\u00a0ab.,?\\",
      "](",
      "![",
      "**",
      "__",
      "~~",
      "``",
      "http://x",
      "*a*",
      "_a_",
    ),
    { maxLength: 40 },
  )
  .map((pieces) => pieces.join(""));

describe.each(Object.keys(SCANNERS))("the %s scanner", (name) => {
  const scan = SCANNERS[name]!;

  it("gives what its regular expression gives", () => {
    fc.assert(
      fc.property(markup, (text) => {
        expect(scan(text)).toBe(ORACLES[name]!(text));
      }),
      { numRuns: 2_000 },
    );
  });

  it("does work linear in the text on every adversarial shape (issue #14)", () => {
    for (const shape of Object.values(SHAPES)) {
      for (const n of [5_000, 20_000]) {
        const meter = new WorkMeter();
        scan(shape(n), meter);
        expect(meter.steps).toBeLessThanOrEqual(3 * n);
      }
    }
  });
});

describe("splitLinks", () => {
  it("finds links and images with their labels and URLs", () => {
    expect(splitLinks("See [a](https://x.org) and ![b](y.png)!")).toEqual([
      { kind: "text", text: "See " },
      { kind: "link", label: "a", url: "https://x.org", image: false },
      { kind: "text", text: " and " },
      { kind: "link", label: "b", url: "y.png", image: true },
      { kind: "text", text: "!" },
    ]);
  });

  it("scans 100,000 unclosed brackets once (issue #14)", () => {
    const text = "[".repeat(100_000);
    const meter = new WorkMeter();
    expect(splitLinks(text, meter)).toEqual([{ kind: "text", text }]);
    expect(meter.steps).toBeLessThanOrEqual(2 * text.length);
  });
});
