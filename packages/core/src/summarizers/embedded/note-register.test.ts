import { describe, expect, it } from "vitest";

import { checkFacts, conversationalCues, indexFacts } from "../../facts";
import { answeredQuestion, noteLine, replyAnswer, thirdPerson } from "./note-register";
import { clinicalNumbers } from "./spoken-numbers";
import { tokenize, untokenize } from "./tokens";

/** What the fact check finds unsupported in `line` against `source`. */
function unsupported(line: string, source: string): string[] {
  return checkFacts(line, indexFacts(source)).map((issue) => `${issue.kind}: ${issue.claim}`);
}

describe("questions and answers", () => {
  it.each([
    ["Any fever or chills?", "No.", "Denies fever or chills."],
    ["Any fever or chills?", "Yes.", "Reports fever or chills."],
    ["Any fever or chills?", "I'm not sure.", "Not sure about fever or chills."],
    ["Are you taking the metformin twice a day?", "Yes.", "Takes metformin twice daily."],
    ["Are you taking the metformin twice a day?", "No.", "Not taking the metformin twice daily."],
    ["Do you smoke?", "No, I don't.", "Does not smoke."],
    ["Do you have any chest pain?", "Nope.", "Denies chest pain."],
    ["Have you had any nausea or vomiting?", "No, nothing like that.", "Denies nausea or vomiting."],
    ["Does it radiate down your leg?", "Yes.", "It radiates down the leg."],
    ["Are you able to walk on it?", "Yes.", "Able to walk on it."],
  ])("%s / %s → %s", (question, reply, line) => {
    expect(answeredQuestion(question, reply)).toBe(line);
    // What the pair says is what the consultation says, by the fact check.
    const source = `Doctor: ${question}\nPatient: ${reply}`;
    expect(unsupported(line, source)).toEqual([]);
    expect(conversationalCues(line)).toEqual([]);
  });

  it("drops a question without a plain yes, no or not-sure reply, and questions the rules do not read", () => {
    expect(answeredQuestion("Any fever?", "Well I had some sweats last week and then it got better.")).toBe(
      "",
    );
    expect(answeredQuestion("What brings you in today?", "Yes.")).toBe("");
    expect(answeredQuestion("How long has this been going on?", "No.")).toBe("");
    expect(answeredQuestion("Can you squeeze my hand?", "Yes.")).toBe("");
    expect(answeredQuestion("Any questions for me?", "No.")).toBe("");
    expect(answeredQuestion("Do you drink alcohol or smoke?", "I do smoke but no alcohol.")).toBe("");
    expect(noteLine("Any numbness any tingling.", "doctor")).toBe("");
  });

  it("reads plain replies, keeping uncertainty apart", () => {
    expect(replyAnswer("Mm-hmm.")).toBe("yes");
    expect(replyAnswer("uh, yeah.")).toBe("yes");
    expect(replyAnswer("Not really.")).toBe("no");
    expect(replyAnswer("I don't think so.")).toBe("unsure");
    expect(replyAnswer("I think so.")).toBe("unsure");
    expect(replyAnswer("Some nausea, but I haven't vomited.")).toBeUndefined();
  });
});

describe("register", () => {
  it.each([
    ["I have had a cough for two weeks.", "patient", "Reports a cough for 2 weeks."],
    [
      "I've been getting short of breath on the stairs.",
      "patient",
      "Has been getting short of breath on the stairs.",
    ],
    ["I've been having headaches in the morning.", "patient", "Reports headaches in the morning."],
    ["You ever get leg cramps at night.", "doctor", "The patient ever gets leg cramps at night."],
    ["I've been having headaches.", "patient", "Reports headaches."],
    ["My left knee hurts.", "patient", "Left knee hurts."],
    ["I take amlodipine 5 mg once a day.", "patient", "Takes amlodipine 5 mg once daily."],
    [
      "I don't smoke, and I drink a glass of wine on weekends.",
      "patient",
      "Does not smoke, and the patient drinks a glass of wine on weekends.",
    ],
    ["I'm allergic to penicillin.", "patient", "Allergic to penicillin."],
    [
      "It felt like I was having a heart attack.",
      "patient",
      "It felt like the patient was having a heart attack.",
    ],
    ["I'm not sure if it's getting better.", "patient", "Not sure if it's getting better."],
    ["Um, so, like, it kinda hurts when I walk.", "patient", "It hurts when the patient walks."],
    ["Your blood pressure is one twenty two over seventy.", "doctor", "Blood pressure is 122/70."],
    [
      "I'm going to start you on doxycycline one hundred milligrams twice a day.",
      "doctor",
      "Start doxycycline 100 mg twice daily.",
    ],
    [
      "On your heart exam, I do appreciate a three out of six systolic ejection murmur, which we've heard in the past.",
      "doctor",
      "On the heart exam, a 3/6 systolic ejection murmur.",
    ],
    ["I accidentally felt a pain in my foot.", "patient", "Accidentally felt a pain in the foot."],
    [
      "It looks like you hurt your left foot here.",
      "doctor",
      "It looks like the patient hurt the left foot here.",
    ],
    [
      "So that means that you probably have a muscle strain.",
      "doctor",
      "The patient probably has a muscle strain.",
    ],
    ["You already have a strainer.", "doctor", "The patient already has a strainer."],
    ["I'm so tired and fatigued.", "patient", "The patient is so tired and fatigued."],
    ["Okay, so I think you have gastritis.", "doctor", "Likely gastritis."],
    ["I don't appreciate any murmurs.", "doctor", "No murmurs."],
    [
      "I reviewed your x-ray and it shows no fracture.",
      "doctor",
      "Reviewed the x-ray and it shows no fracture.",
    ],
    ["We will refer you to physical therapy.", "doctor", "Refer to physical therapy."],
  ] as const)("%s (%s) → %s", (sentence, speaker, line) => {
    expect(noteLine(sentence, speaker)).toBe(line);
    expect(conversationalCues(line)).toEqual([]);
    const source = `${speaker === "doctor" ? "Doctor" : "Patient"}: ${sentence}`;
    expect(unsupported(line, source)).toEqual([]);
  });

  it("writes no line for an exam's name said aloud or a stock phrase, but keeps a finding", () => {
    for (const said of [
      "On the heart exam.",
      "To the heart and lungs.",
      "A quick physical exam here.",
      "Sounds like a plan.",
    ])
      expect(noteLine(said, "doctor")).toBe("");
    expect(noteLine("Normal exam.", "doctor")).toBe("Normal exam.");
    expect(noteLine("On the abdominal exam, it's soft and non-tender.", "doctor")).not.toBe("");
  });

  it("ends a finding before the next exam's name, but keeps where a finding was found", () => {
    expect(noteLine("Everything else looks good and on abdominal exam.", "doctor")).toBe(
      "Everything else looks good.",
    );
    expect(noteLine("On throat examination the uvula is midline on the neck exam.", "doctor")).toBe(
      "On throat examination the uvula is midline.",
    );
    expect(noteLine("No masses on physical exam.", "doctor")).toBe("No masses on physical exam.");
    expect(noteLine("Move on to a physical exam.", "doctor")).toBe("");
    expect(noteLine("Check your weights every day and also.", "doctor")).toBe("Check the weights every day.");
  });

  it("leaves a contracted modal as it is when the patient becomes its subject", () => {
    expect(noteLine("You would've escaped this accident without any injuries.", "doctor")).toBe(
      "The patient would've escaped this accident without any injuries.",
    );
  });

  it("drops what is still speech after the rules, instead of copying it", () => {
    expect(noteLine("Hey Dragon, show me the vital signs.", "doctor")).toBe("");
    expect(noteLine("It is up to us.", "doctor")).toBe("");
    expect(noteLine("Let's see how our plan works.", "doctor")).toBe("");
    expect(noteLine("Okay.", "patient")).toBe("");
    expect(noteLine("Mm-hmm, yeah.", "patient")).toBe("");
  });

  it("conjugates the patient's verbs in the third person", () => {
    expect(["take", "have", "go", "carry", "wash", "do", "walk"].map(thirdPerson)).toEqual([
      "takes",
      "has",
      "goes",
      "carries",
      "washes",
      "does",
      "walks",
    ]);
  });
});

describe("numbers", () => {
  const notation = (text: string) => untokenize(clinicalNumbers(tokenize(text)));

  it.each([
    ["one hundred milligrams twice a day", "100 mg twice a day"],
    ["one twenty two over seventy", "122/70"],
    ["a three out of six systolic ejection murmur", "a 3/6 systolic ejection murmur"],
    ["temperature ninety eight point six", "temperature 98.6"],
    ["for two weeks", "for 2 weeks"],
    ["800 milligrams", "800 mg"],
    ["ninety percent", "90%"],
    ["one of the tablets, two or three times", "one of the tablets, two or 3 times"],
    ["the heart rate was fifty eight.", "the heart rate was 58."],
    ["the respirations were fourteen", "the respirations were 14"],
  ])("%s → %s (said → kept)", (said, written) => {
    expect(notation(said)).toBe(written);
    expect(unsupported(written, said)).toEqual([]);
  });

  it("leaves a number alone where it is not a measurement", () => {
    expect(notation("one of the things")).toBe("one of the things");
    expect(notation("she is the one")).toBe("she is the one");
    expect(notation("the rate is one of the reasons")).toBe("the rate is one of the reasons");
  });

  it("never writes a number the sentence does not say", () => {
    const sentences = [
      "I take metformin five hundred milligrams twice a day.",
      "Your blood pressure today is one thirty over eighty five.",
      "I have had a fever of one oh one for three days.",
      "There is a two out of six murmur and the A1C was seven point two.",
    ];
    for (const sentence of sentences) {
      for (const speaker of ["patient", "doctor"] as const) {
        const line = noteLine(sentence, speaker);
        expect(line).not.toBe("");
        expect(unsupported(line, sentence).filter((issue) => /^(number|dose|frequency)/.test(issue))).toEqual(
          [],
        );
      }
    }
    expect(noteLine("I take metformin five hundred milligrams twice a day.", "patient")).toBe(
      "Takes metformin 500 mg twice daily.",
    );
  });
});

describe("lines the rules cannot make clinical", () => {
  it("keeps an order or a medicine rather than lose it, and never a command to the assistant", () => {
    const order = noteLine(
      "Because of your penicillin allergy I'm going to prescribe doxycycline 100 mg twice a day for seven days.",
      "doctor",
    );
    expect(order).toContain("doxycycline 100 mg twice daily");
    expect(noteLine("I'd like a chest X-ray today and blood tests.", "doctor")).toContain("chest X-ray");
    expect(noteLine("Show me the chest x-ray.", "doctor")).toBe("");
  });

  it("drops a meaning that was never said, and ends no line on a word that needs the next", () => {
    expect(noteLine("So essentially what that means, Russell.", "doctor")).toBe("");
    expect(noteLine("Lithotripsy is essentially a shock wave procedure in which.", "doctor")).toBe(
      "Lithotripsy is essentially a shock wave procedure.",
    );
  });

  it("drops a question said without a question mark, and ends a line where a question interrupts it", () => {
    expect(noteLine("So, what does all that mean.", "doctor")).toBe("");
    expect(noteLine("Do you notice any blood", "doctor")).toBe("");
    expect(noteLine("Please add the following pathology report to results.", "doctor")).toBe("");
    expect(noteLine("a deep achy pain what activities make the pain feel worse", "patient")).toBe(
      "A deep achy pain.",
    );
  });

  it("keeps a sentence up to the comma after which only speech is left", () => {
    expect(noteLine("The x-ray shows a small effusion, which we talked about last time.", "doctor")).toBe(
      "The x-ray shows a small effusion.",
    );
  });
});
