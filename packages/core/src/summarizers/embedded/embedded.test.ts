import { describe, expect, it } from "vitest";

import { estimateUsage } from "../token-count";
import { SummaryError, type SummaryChunk, type SummaryRequest, type SummarySection } from "../types";
import {
  createEmbeddedProvider,
  DEFAULT_SECTIONS,
  MTS_SECTION_KEYS,
  mtsSection,
  summarizeConsultation,
} from "./index";
import {
  ALL_FIXTURES,
  ASR_DIALOGUE,
  FAMILY_DIALOGUE,
  FREE_TEXT_NOTES,
  KNEE_DIALOGUE,
  V1_SECTIONS,
} from "./test-fixtures";
import { buildSummaryRequest } from "../../testing/summary-request";
import { regexInputCharacters } from "../../testing/work-proxies";
import { parseConsultation, splitSentences } from "./parse-consultation";
import { checkFacts, conversationalCues, indexFacts } from "../../facts";

// ---------- helpers (independent of the implementation's normaliser) ----------

/** Output sentences (headings dropped, bullets stripped). */
function outputSentences(summary: string): string[] {
  return summary
    .split("\n")
    .filter((line) => line.trim() && !line.startsWith("#"))
    .map((line) => line.replace(/^-\s+/, ""))
    .flatMap((line) => line.split(/(?<=[.?!])\s+(?=[A-Z0-9])/));
}

/** What the fact check finds in `summary` that `source` does not support. */
function unsupported(summary: string, source: string): string[] {
  const facts = indexFacts(source);
  return outputSentences(summary).flatMap((sentence) =>
    checkFacts(sentence, facts).map((issue) => `${issue.kind}: ${issue.claim} (${sentence})`),
  );
}

/** Output lines that read as speech (first or second person, fillers, questions). */
function conversational(summary: string): string[] {
  return outputSentences(summary).filter((sentence) => conversationalCues(sentence).length > 0);
}

/** Bullet lines under the given "## Title" heading. */
function sectionBullets(summary: string, title: string): string[] {
  const blocks = summary.split(/\n\n/);
  const block = blocks.find((b) => b.startsWith(`## ${title}\n`));
  return block ? block.split("\n").slice(1) : [];
}

function request(notes: string, sections: SummarySection[], signal?: AbortSignal): SummaryRequest {
  return buildSummaryRequest({ notes, sections, ...(signal ? { signal } : {}) });
}

async function collect(iterable: AsyncIterable<SummaryChunk>): Promise<SummaryChunk[]> {
  const chunks: SummaryChunk[] = [];
  for await (const chunk of iterable) chunks.push(chunk);
  return chunks;
}

// ---------- tests ----------

describe("summarizeConsultation — dialogue input", () => {
  const summary = summarizeConsultation(KNEE_DIALOGUE, V1_SECTIONS);

  it("writes Markdown-lite sections in the requested order, separated by blank lines", () => {
    const headings = summary.split("\n").filter((l) => l.startsWith("## "));
    const order = V1_SECTIONS.map((s) => `## ${s.title}`).filter((h) => headings.includes(h));
    expect(headings).toEqual(order);
    expect(headings.length).toBeGreaterThanOrEqual(8);
    for (const block of summary.split("\n\n")) {
      const [heading, ...bullets] = block.split("\n");
      expect(heading).toMatch(/^## \S/);
      expect(bullets.length).toBeGreaterThan(0);
      for (const bullet of bullets) expect(bullet).toMatch(/^- [A-Z0-9].*[.!?]$/);
    }
  });

  it("puts facts under the right sections", () => {
    expect(sectionBullets(summary, "Chief complaint").join(" ")).toMatch(/knee/i);
    expect(sectionBullets(summary, "Medications").join(" ")).toMatch(/amlodipine 5 mg/);
    expect(sectionBullets(summary, "Allergies").join(" ")).toMatch(/penicillin/i);
    expect(sectionBullets(summary, "Past surgical history").join(" ")).toMatch(/appendix removed/);
    expect(sectionBullets(summary, "Examination").join(" ")).toMatch(/effusion/);
    expect(sectionBullets(summary, "Results").join(" ")).toMatch(/X-ray/);
    expect(sectionBullets(summary, "Assessment").join(" ")).toMatch(/meniscus tear/);
    expect(sectionBullets(summary, "Plan").join(" ")).toMatch(/MRI/);
    expect(sectionBullets(summary, "Follow-up").join(" ")).toMatch(/Follow up in 2 weeks/);
  });

  it("skips greetings, thanks and bare yes/no answers, and removes speaker labels and fillers", () => {
    expect(summary).not.toMatch(/Doctor:|Patient:/);
    expect(summary).not.toMatch(/good morning|thank you|take care/i);
    expect(summary).not.toMatch(/^- (No|Yes)\.$/m);
    expect(summary).not.toMatch(/\bum\b|\byou know\b/i);
  });

  it("handles family members and clinicians as speakers", () => {
    const out = summarizeConsultation(FAMILY_DIALOGUE, V1_SECTIONS);
    expect(out).not.toMatch(/Guest_/);
    expect(sectionBullets(out, "Medications").join(" ")).toMatch(/metformin 500 mg/);
    expect(sectionBullets(out, "Plan").join(" ")).toMatch(/nitrofurantoin/);
    expect(sectionBullets(out, "Follow-up").join(" ")).toMatch(/emergency department/);
  });
});

describe("summarizeConsultation — ACI-style [doctor]/[patient] ASR input", () => {
  const summary = summarizeConsultation(ASR_DIALOGUE, V1_SECTIONS);

  it("fixes ASR spacing and removes tags, fillers and assistant commands", () => {
    expect(summary).not.toMatch(/\[doctor\]|\[patient\]/);
    expect(summary).not.toMatch(/ [,.?!]/);
    expect(summary).not.toMatch(/n 't|do n't|gon na/);
    expect(summary).not.toMatch(/\b(um|uh)\b/i);
    expect(summary).not.toMatch(/dragon/i);
    // The patient's "i have n't" / "i do n't", rejoined, and now in the third person.
    expect(summary).toMatch(/has not vomited|does not drink/);
  });

  it("assigns findings, results, assessment, plan and follow-up", () => {
    expect(sectionBullets(summary, "Chief complaint").join(" ")).toMatch(/burning pain in the stomach/i);
    expect(sectionBullets(summary, "Examination").join(" ")).toMatch(/epigastric tenderness/);
    expect(sectionBullets(summary, "Results").join(" ")).toMatch(/hemoglobin was 13\.2/);
    expect(sectionBullets(summary, "Assessment").join(" ")).toMatch(/gastritis/);
    expect(sectionBullets(summary, "Plan").join(" ")).toMatch(/omeprazole 20 mg/);
    expect(sectionBullets(summary, "Follow-up").join(" ")).toMatch(/4 weeks/);
    expect(summary).not.toMatch(/\b(?:I|i|my|you|your)\b/); // third person (the note register)
  });
});

describe("summarizeConsultation — unpunctuated ACI-style speech", () => {
  const transcript = [
    "[doctor] martha is a 50-year-old female with hypertension who presents today with a cough",
    "[doctor] okay and alright and have you noticed any fever along with the cough",
    "[patient] no no fever",
    "[doctor] how about your lisinopril are you still taking that",
    "[patient] yes",
    "[doctor] on your lung exam i do hear some wheezing on the right side",
    "[doctor] for your first problem of the cough i think this is a viral bronchitis so i want you to drink plenty of fluids",
  ].join("\n");
  const summary = summarizeConsultation(transcript, V1_SECTIONS);

  it("reads an unpunctuated question by its form: the answer is the fact, never the question", () => {
    expect(summary).toMatch(/Denies fever along with the cough\./);
    expect(summary).not.toMatch(/noticed any fever/i);
  });

  it("writes no line for a yes to a question that names nothing ('are you still taking that')", () => {
    expect(summary).not.toMatch(/takes that|taking that/i);
  });

  it("takes the chief complaint from the first problem when the patient's words make no short complaint", () => {
    const visit = [
      "[doctor] what happened",
      "[patient] i was at my job and i slipped on the wet floor and fell and i am sure i heard a pop in my ankle when i landed on it",
      "[doctor] on your exam there is swelling over the lateral malleolus",
      "[doctor] for your first problem of right ankle pain i want you to wear a brace and i'll order an x-ray",
    ].join("\n");
    expect(sectionBullets(summarizeConsultation(visit, V1_SECTIONS), "Chief complaint")).toEqual([
      "- Right ankle pain.",
    ]);
  });

  it("writes no condition without what happens then", () => {
    const visit = [
      "Doctor: When did the pain start?",
      "Patient: When I dropped that brick on my foot.",
      "Patient: It hurts when I walk, and it is swollen.",
    ].join("\n");
    const note = summarizeConsultation(visit, V1_SECTIONS);
    expect(note).not.toMatch(/^- When the patient dropped/m);
    expect(note).toMatch(/hurts when the patient walks/);
  });

  it("writes no instruction the clinician gives during the examination", () => {
    const visit = [
      "Doctor: Let me examine you now.",
      "Doctor: Take one more deep breath for me.",
      "Doctor: Lay back on the table and relax.",
      "Doctor: Close your eyes and reach out your arms in front of you.",
      "Doctor: On exam, your lungs are clear and there is tenderness over the right knee.",
    ].join("\n");
    const note = summarizeConsultation(visit, V1_SECTIONS);
    expect(note).not.toMatch(/deep breath|Lay back|Close the eyes/i);
    expect(note).toMatch(/tenderness over the right knee/);
  });

  it("opens the assessment with the summary statement", () => {
    expect(sectionBullets(summary, "Assessment")[0]).toMatch(
      /^- Martha is a 50-year-old female with hypertension/,
    );
  });
});

describe("a plan said in one breath, as a clinician would write it", () => {
  const visit = [
    "[doctor] hi there have a seat so what brings you in today",
    "[patient] hi so i've been having this pain in my lower back for about three weeks now",
    "[doctor] any numbness or tingling in the leg",
    "[patient] a little tingling in the right foot at night",
    "[doctor] okay so i think this is a lumbar strain " +
      "i want you to keep taking the ibuprofen 400 milligrams three times a day with food " +
      "and i'm going to add naproxen no actually let's not add another anti inflammatory " +
      "i'm going to start you on a short course of physiotherapy twice a week " +
      "they will teach you some stretching exercises for your back " +
      "try to keep walking every day rather than resting in bed " +
      "and i'll write you a note for your employer about that " +
      "if you get any numbness around your bottom you need to go to the emergency department straight away " +
      "otherwise i want to see you back in four weeks",
  ].join("\n");
  const note = summarizeConsultation(visit, V1_SECTIONS);

  it("takes the answer to the opening question as the chief complaint, without the greeting", () => {
    expect(sectionBullets(note, "Chief complaint")).toEqual([
      "- Pain in the lower back for about 3 weeks now.",
    ]);
    expect(note).not.toMatch(/^- Hi\b/m);
  });

  it("writes nothing the clinician took back", () => {
    expect(note).not.toMatch(/naproxen/i);
  });

  it("keeps what an order involves with it, advice in the plan, and the safety net with the follow-up", () => {
    const plan = sectionBullets(note, "Plan");
    expect(plan).toContain(
      "- Start a short course of physiotherapy twice a week; they will teach some stretching exercises for the back.",
    );
    expect(plan).toContain("- Try to keep walking every day rather than resting in bed.");
    expect(plan.join(" ")).toMatch(/note for the employer/);
    expect(sectionBullets(note, "Follow-up")).toEqual([
      "- If the patient gets any numbness around the bottom the patient needs to go to the emergency department straight away.",
      "- Follow up in 4 weeks.",
    ]);
  });
});

describe('a short punctuated visit that names its diagnosis as "it looks like"', () => {
  const visit = [
    "Doctor: What can I do for you today?",
    "Patient: I've had a sore throat for three days and it hurts to swallow.",
    "Doctor: Any cough?",
    "Patient: No cough.",
    "Doctor: Let me have a look. Your temperature is 38.2.",
    "Doctor: Both tonsils are swollen with white patches, and the glands in your neck are tender.",
    "Patient: Is it tonsillitis?",
    "Doctor: Yes, it looks like tonsillitis.",
    "Doctor: Because of your penicillin allergy I'll prescribe clarithromycin 500 milligrams twice a day for five days.",
    "Doctor: Carry on with the paracetamol, and you can add ibuprofen 400 milligrams three times a day with food.",
    "Doctor: If you're not improving after three days, come back and see us.",
    "Doctor: We'll check you in two weeks to see how the throat is.",
  ].join("\n");
  const note = summarizeConsultation(visit, V1_SECTIONS);

  it('writes what the clinician finds after "let me have a look" as the examination', () => {
    expect(sectionBullets(note, "Examination").join(" ")).toMatch(
      /Both tonsils are swollen with white patches/,
    );
  });

  it("writes the impression as the assessment and every order in the plan", () => {
    expect(sectionBullets(note, "Assessment")).toContain("- Likely tonsillitis.");
    const plan = sectionBullets(note, "Plan").join(" ");
    expect(plan).toContain("Prescribe clarithromycin 500 mg twice daily for 5 days.");
    expect(plan).toContain("Continue paracetamol.");
    expect(plan).toMatch(/can add ibuprofen 400 mg 3 times a day with food/);
  });

  it("keeps the return visits, with their conditions, under follow-up", () => {
    expect(sectionBullets(note, "Follow-up")).toEqual([
      "- If the patient is not improving after 3 days, come back.",
      "- Check in 2 weeks to see how the throat is.",
    ]);
  });
});

describe("when to come back", () => {
  it('keeps "or sooner if …" with the follow-up it changes', () => {
    const visit = [
      "Doctor: I think this is a chest infection.",
      "Doctor: Come back in 48 hours so I can check on you, or sooner if you're getting more breathless.",
    ].join("\n");
    expect(sectionBullets(summarizeConsultation(visit, V1_SECTIONS), "Follow-up")).toEqual([
      "- Come back in 48 hours so the clinician can check on the patient, or sooner if the patient is getting more breathless.",
    ]);
  });
});

describe("speaker labels swapped by speech recognition", () => {
  const swapped = [
    "[doctor] hi doctor my knee hurts and my ankle is swollen",
    "[patient] okay let me see your knee your ankle and your foot , is your knee worse when you walk ?",
    "[doctor] yes my knee is worse when i walk",
    "[patient] your x-ray shows your knee has arthritis , your ankle is fine , your foot is fine",
    "[patient] i want you to ice your knee and take your ibuprofen , and keep your leg up",
    "[doctor] okay",
    "[patient] we will see you in your follow up in two weeks , call if your pain is worse",
  ].join("\n");

  it("are swapped back when the [patient] talks of 'your' and the [doctor] of 'my'", () => {
    const speakers = parseConsultation(swapped).sentences.map((s) => s.speaker);
    expect(speakers[0]).toBe("patient");
    expect(speakers[1]).toBe("doctor");
  });

  it("are left alone in an ordinary visit", () => {
    const ordinary = swapped.replace(/\[doctor\]|\[patient\]/g, (label) =>
      label === "[doctor]" ? "[patient]" : "[doctor]",
    );
    expect(parseConsultation(ordinary).sentences[0]!.speaker).toBe("patient");
  });
});

describe("summarizeConsultation — free-text notes", () => {
  const summary = summarizeConsultation(FREE_TEXT_NOTES, V1_SECTIONS);

  it("uses the notes' own headings and cue words", () => {
    expect(sectionBullets(summary, "Medications").join(" ")).toMatch(/ramipril 5 mg/);
    expect(sectionBullets(summary, "Past medical history").join(" ")).toMatch(/Hypertension, gout/);
    expect(sectionBullets(summary, "Examination").join(" ")).toMatch(/monofilament/);
    expect(sectionBullets(summary, "Results").join(" ")).toMatch(/HbA1c today 78/);
    expect(sectionBullets(summary, "Assessment").join(" ")).toMatch(/poorly controlled/i);
    expect(sectionBullets(summary, "Plan").join(" ")).toMatch(/gliclazide/);
    expect(sectionBullets(summary, "Follow-up").join(" ")).toMatch(/Review in 3 months/);
    expect(summary).not.toMatch(/Meds:|Plan:/);
  });
});

describe("single-section mode", () => {
  it("returns plain prose without headings or bullets", () => {
    const out = summarizeConsultation(KNEE_DIALOGUE, [{ key: "medications", title: "Medications" }]);
    expect(out).not.toMatch(/^#|^- /m);
    expect(out).not.toContain("\n");
    expect(out).toMatch(/amlodipine 5 mg/);
  });

  it("maps every MTS-Dialog header to a section the summarizer understands", () => {
    const headers = [
      "GENHX",
      "CC",
      "FAM/SOCHX",
      "PASTMEDICALHX",
      "PASTSURGICAL",
      "ALLERGY",
      "ROS",
      "MEDICATIONS",
      "ASSESSMENT",
      "DIAGNOSIS",
      "EXAM",
      "PLAN",
      "DISPOSITION",
      "IMAGING",
      "LABS",
      "IMMUNIZATIONS",
      "GYNHX",
      "PROCEDURES",
      "EDCOURSE",
      "OTHER_HISTORY",
    ];
    for (const header of headers) {
      expect(MTS_SECTION_KEYS[header]).toBeTruthy();
      expect(summarizeConsultation(KNEE_DIALOGUE, [mtsSection(header)]).length).toBeGreaterThan(0);
    }
    expect(MTS_SECTION_KEYS.GENHX).toBe("history_of_present_illness");
    expect(MTS_SECTION_KEYS.DISPOSITION).toBe("follow_up");
    expect(summarizeConsultation(KNEE_DIALOGUE, [mtsSection("ALLERGY")])).toMatch(/penicillin/i);
    expect(summarizeConsultation(KNEE_DIALOGUE, [mtsSection("FAM/SOCHX")])).toMatch(/smoke|father/);
  });

  it("falls back to the section's title words for unknown keys", () => {
    const out = summarizeConsultation(KNEE_DIALOGUE, [
      { key: "sport_history", title: "Sport", description: "Sports and soccer activity" },
    ]);
    expect(out).toMatch(/soccer/);
  });
});

describe("every fact traceable (the fact check), every line in note register", () => {
  // The writer rewrites sentences ("I've had pain…" → "Reports pain…"), so the old property (every
  // output sentence copied word for word from the source) gave way to this one: the fact check
  // finds no number, dose, frequency, side, medicine, diagnosis, allergy or negation the source
  // does not say, and no line reads as a question or as speech.
  it("the check itself rejects invented or altered facts", () => {
    expect(unsupported("## Plan\n- Start omeprazole 40 mg.", ASR_DIALOGUE)).not.toEqual([]);
    expect(unsupported("- Takes metformin.", KNEE_DIALOGUE)).not.toEqual([]);
    expect(unsupported("- Reports pain in the left knee.", KNEE_DIALOGUE)).not.toEqual([]);
    expect(unsupported("- Reports fever or redness.", KNEE_DIALOGUE)).not.toEqual([]);
    expect(unsupported("- Any fever or redness?", KNEE_DIALOGUE)).not.toEqual([]);
    expect(unsupported("- Has asthma and mild high blood pressure.", KNEE_DIALOGUE)).toEqual([]);
    expect(unsupported("- Denies fever or redness.", KNEE_DIALOGUE)).toEqual([]);
  });

  const sectionSets: Array<[string, SummarySection[]]> = [
    ["all v1 sections", V1_SECTIONS],
    ["default sections", [...DEFAULT_SECTIONS]],
    ...Object.keys(MTS_SECTION_KEYS).map((h): [string, SummarySection[]] => [`MTS ${h}`, [mtsSection(h)]]),
  ];
  for (const [name, source] of Object.entries(ALL_FIXTURES)) {
    it(`the fact check finds nothing unsupported, and no line reads as speech (${name})`, () => {
      for (const [label, sections] of sectionSets) {
        const out = summarizeConsultation(source, sections);
        expect(out.trim().length, label).toBeGreaterThan(0);
        expect(unsupported(out, source), label).toEqual([]);
        expect(conversational(out), label).toEqual([]);
      }
    });
  }

  it("never returns an empty summary, even for chit-chat only", () => {
    const chat = "Doctor: Hi there, how are you?\nPatient: Fine thanks, and you?\nDoctor: Good, good.";
    const out = summarizeConsultation(chat, V1_SECTIONS);
    expect(out.length).toBeGreaterThan(0);
    expect(unsupported(out, chat).filter((issue) => !issue.startsWith("question"))).toEqual([]);
    expect(summarizeConsultation("", V1_SECTIONS)).toBe("");
  });
});

describe("determinism and work", () => {
  it("returns identical output for identical input", () => {
    for (const source of Object.values(ALL_FIXTURES)) {
      expect(summarizeConsultation(source, V1_SECTIONS)).toBe(summarizeConsultation(source, V1_SECTIONS));
    }
  });

  it("summarises a long (~14k character) transcript with work linear in its length", () => {
    // Counted, never timed (speed figures are in bench/embedded.ts). Measured: ~57 characters handed
    // to regular expressions per character of notes, at every length.
    const transcript = Array.from({ length: 6 }, () => `${ASR_DIALOGUE}\n${KNEE_DIALOGUE}`).join("\n");
    const work = (length: number) => {
      const notes = transcript.slice(0, length);
      let out = "";
      const characters = regexInputCharacters(() => (out = summarizeConsultation(notes, V1_SECTIONS)));
      expect(out.length).toBeGreaterThan(0);
      expect(characters).toBeLessThanOrEqual(150 * length);
      return characters;
    };
    const quarter = work(3_500);
    const full = work(14_000);
    // Four times the notes, about four times the work (a quadratic step would make it sixteen).
    expect(full).toBeLessThanOrEqual(5 * quarter);
  });
});

describe("createEmbeddedProvider().stream", () => {
  it("streams several deltas equal to summarizeConsultation, then one usage chunk", async () => {
    const provider = createEmbeddedProvider();
    expect(provider.id).toBe("embedded");
    const req = request(KNEE_DIALOGUE, V1_SECTIONS);
    const chunks = await collect(provider.stream(req));
    const deltas = chunks.filter((c): c is { type: "delta"; text: string } => c.type === "delta");
    const expected = summarizeConsultation(KNEE_DIALOGUE, V1_SECTIONS);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.every((d) => d.text.length > 0 && d.text.length < expected.length)).toBe(true);
    expect(deltas.map((d) => d.text).join("")).toBe(expected);
    const last = chunks.at(-1)!;
    expect(last.type).toBe("usage");
    expect(chunks.filter((c) => c.type === "usage")).toHaveLength(1);
    expect(last).toEqual({ type: "usage", ...(await estimateUsage(req.model, req.messages, expected)) });
  });

  it("yields to the event loop between chunks", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    try {
      await collect(createEmbeddedProvider().stream(request(ASR_DIALOGUE, V1_SECTIONS)));
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
  });

  it("throws SummaryError(cancelled) for an already-aborted signal", async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await collect(
      createEmbeddedProvider().stream(request(KNEE_DIALOGUE, V1_SECTIONS, controller.signal)),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SummaryError);
    expect((error as SummaryError).code).toBe("cancelled");
  });

  it("stops mid-stream with SummaryError(cancelled) when aborted", async () => {
    const controller = new AbortController();
    const received: SummaryChunk[] = [];
    let caught: unknown;
    try {
      for await (const chunk of createEmbeddedProvider().stream(
        request(KNEE_DIALOGUE, V1_SECTIONS, controller.signal),
      )) {
        received.push(chunk);
        if (received.length === 2) controller.abort();
      }
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SummaryError);
    expect((caught as SummaryError).code).toBe("cancelled");
    expect(received).toHaveLength(2);
    expect(received.some((c) => c.type === "usage")).toBe(false);
  });
});

describe("linear work on pathological notes (issue #14)", () => {
  it("splits sentences after thousands of abbreviations without rescanning the sentence", () => {
    const notes = "Seen by Dr. Smith, e.g. b.i.d. or p.r.n. ".repeat(2_000);
    let sentences: string[] = [];
    // The old check re-read the whole sentence so far at every "Dr." or "e.g." (quadratic).
    const characters = regexInputCharacters(() => (sentences = splitSentences(notes)));
    expect(characters).toBeLessThanOrEqual(8 * notes.length);
    expect(sentences).toEqual([notes.trim()]);
  });
});
