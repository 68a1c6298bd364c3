import { describe, expect, it } from "vitest";

import { conversationalCues } from "../../facts";
import { demographicLine } from "./demographics";
import { noteLine } from "./note-register";
import { parseConsultation } from "./parse-consultation";
import { problemNamed, problemPlan } from "./problem-plan";
import { tokenize, untokenize, withoutRepeats, withTokenMemo } from "./tokens";

describe("problemNamed", () => {
  it.each([
    ["So for your second problem, your hypothyroidism, I want to continue the synthroid.", "Hypothyroidism"],
    ["For your first problem of your hypertension I want to order a lipid panel.", "Hypertension"],
    ["From a diabetes standpoint, let's increase the metformin.", "Diabetes"],
    ["Number two, neck pain in the setting of arthritis.", "Neck pain in the setting of arthritis"],
    ["Regarding your knee pain, I think this is arthritis.", "Knee pain"],
    ["Under the plan, under abnormal liver enzymes, they have improved.", "Abnormal liver enzymes"],
    ["For the acne vulgaris, we'll try benzoyl peroxide with clindamycin.", "Acne vulgaris"],
    ["The next one is diabetes.", "Diabetes"],
    ["Preventative health: the most recent blood work was reviewed.", "Preventative health"],
    ["For your second problem of nicotine dependence first of all, I'd like to stop.", "Nicotine dependence"],
  ])("%s → %s", (sentence, problem) => {
    expect(problemNamed(sentence)?.problem).toBe(problem);
  });

  it("starts a problem without a name when none is said, and names none in other sentences", () => {
    expect(problemNamed("For your first problem, I think you have gastritis.")).toEqual({
      problem: "",
      rest: "I think you have gastritis.",
    });
    expect(problemNamed("For your information, the clinic opens at nine.")).toBeUndefined();
    expect(problemNamed("I reviewed your x-ray and it shows no fracture.")).toBeUndefined();
    // Parts of the note are not problems.
    expect(problemNamed("So for your medical history, it's high cholesterol.")).toBeUndefined();
    expect(problemNamed("Genitalia notate: right testicle with a small nodule.")).toBeUndefined();
  });
});

const VISIT = `[doctor] so for your first problem , your congestive heart failure , i think you are retaining a little bit of fluid .
[doctor] i want to continue you on your current medications , but i do wan na increase your lisinopril to 40 milligrams a day , just because your blood pressure's high .
[doctor] i also wan na start you on some lasix , you know , 20 milligrams a day .
[doctor] for your second problem , your depression , it sounds like you're doing really well with therapy .
[doctor] and i'd like to see you back in three months , okay ?
[patient] okay , sounds good .`;

describe("problemPlan", () => {
  const parsed = parseConsultation(VISIT);
  const plan = problemPlan(parsed.sentences, 0);

  it("writes one entry per problem with its impression and its orders, in the clinician's words", () => {
    expect(plan.entries.map((e) => e.problem)).toEqual(["Congestive heart failure", "Depression"]);
    const [heart, depression] = plan.entries;
    expect(heart!.assessment).toEqual(["Likely retaining a little bit of fluid."]);
    expect(heart!.plan).toEqual([
      "Continue current medications.",
      "Increase the lisinopril to 40 mg a day, because the blood pressure's high.",
      "Start some lasix, 20 mg a day.",
    ]);
    expect(depression!.assessment.join(" ")).toContain("doing really well with therapy");
    expect(depression!.plan).toEqual([]);
    expect(plan.followUp).toEqual(["Follow up in 3 months."]);
  });

  it("moves an impression said before its problem is named to that problem", () => {
    const run = parseConsultation(`[doctor] that means i think you're retaining a little bit of fluid .
[doctor] so for your first problem , your congestive heart failure , i think you're retaining fluid , and i want to increase your lasix to 80 milligrams once a day .
[patient] okay .`);
    const entries = problemPlan(run.sentences, 0).entries.filter(
      (e) => e.assessment.length > 0 || e.plan.length > 0,
    );
    expect(entries.map((e) => [e.problem, e.assessment, e.plan])).toEqual([
      ["Congestive heart failure", ["Likely retaining fluid."], ["Increase the lasix to 80 mg once daily."]],
    ]);
  });

  it("writes no line in speech", () => {
    const lines = [...plan.entries.flatMap((e) => [...e.assessment, ...e.plan]), ...plan.followUp];
    for (const line of lines) expect(conversationalCues(line), line).toEqual([]);
  });

  it("finds the next problem inside unpunctuated speech", () => {
    const run = parseConsultation(
      "[doctor] now for your next problem of your hypertension i wan na go ahead and order a lipid panel on you and i do wan na increase i do wan na increase the lisinopril to forty milligrams once a day for your third problem of your diabetes let's go ahead and order a hemoglobin a1c how does that sound\n[patient] good",
    );
    const entries = problemPlan(run.sentences, 0).entries;
    expect(entries.map((e) => [e.problem, e.plan])).toEqual([
      [
        "Hypertension",
        ["Order a lipid panel on the patient.", "Increase the lisinopril to 40 mg once daily."],
      ],
      ["Diabetes", ["Order a hemoglobin a1c."]],
    ]);
  });
});

describe("demographicLine", () => {
  it("takes the line and the reason for the visit from the sentence that gives the age", () => {
    const parsed = parseConsultation(
      "[doctor] hi martha .\n[doctor] martha is a 50-year-old female with a past medical history significant for congestive heart failure and hypertension who presents for her annual exam .\n[patient] hello .",
    );
    expect(demographicLine(parsed.sentences)).toEqual({
      index: 1,
      line: "Martha is a 50-year-old female with a past medical history significant for congestive heart failure and hypertension who presents for her annual exam.",
      reason: "Annual exam.",
    });
  });

  it("drops a pronoun subject and stops where the clinician turns to the patient", () => {
    const parsed = parseConsultation(
      "[doctor] she's a 41-year-old female , and what brings you in today ?\n[patient] my finger hurts .",
    );
    expect(demographicLine(parsed.sentences)?.line).toBe("41-year-old female.");
  });

  it("ends where the patient's name starts the next sentence, and takes the reason after 'evaluation of'", () => {
    const parsed = parseConsultation(
      "[doctor] karen is a 3-year-old female with no significant past medical history who comes in for evaluation of a new right eye twitch karen is accompanied by her father hi karen\n[patient] hi",
    );
    expect(demographicLine(parsed.sentences)).toMatchObject({
      line: "Karen is a 3-year-old female with no significant past medical history who comes in for evaluation of a new right eye twitch.",
      reason: "Right eye twitch.",
    });
  });

  it("keeps a list of conditions through its last comma", () => {
    const parsed = parseConsultation(
      "[doctor] so , andrew is a 62-year-old male with a past medical history significant for a kidney transplant , hypothyroidism , and arthritis , who presents today with complaints of joint pain .\n[patient] yes .",
    );
    expect(demographicLine(parsed.sentences)).toMatchObject({
      line: "Andrew is a 62-year-old male with a past medical history significant for a kidney transplant, hypothyroidism, and arthritis, who presents today with complaints of joint pain.",
      reason: "Joint pain.",
    });
  });

  it("joins an ASR-spaced age and takes the reason from 'here today with'", () => {
    const parsed = parseConsultation(
      "[doctor] carolyn is a 34 -year-old female with a history of diabetes who is here today with a headache\n[patient] yes",
    );
    expect(demographicLine(parsed.sentences)).toMatchObject({
      line: "Carolyn is a 34-year-old female with a history of diabetes who is here today with a headache.",
      reason: "Headache.",
    });
  });

  it("does not take someone else's age", () => {
    const parsed = parseConsultation("[patient] my mom was 45 years old when she was diagnosed .");
    expect(demographicLine(parsed.sentences)).toBeUndefined();
  });
});

describe("withTokenMemo", () => {
  it("hands every caller its own tokens, so one rule's edit never reaches another", () => {
    withTokenMemo(() => {
      const first = tokenize("Continue the metformin.");
      first.pop();
      expect(untokenize(tokenize("Continue the metformin."))).toBe("Continue the metformin.");
    });
  });
});

describe("withoutRepeats", () => {
  it.each([
    ["i do want to increase i do want to increase the lisinopril", "i do want to increase the lisinopril"],
    ["the, the knee", "the knee"],
    ["twice a day", "twice a day"],
  ])("%s → %s", (text, expected) => {
    expect(untokenize(withoutRepeats(tokenize(text)))).toBe(expected);
  });
});

describe("sentences of unpunctuated speech", () => {
  it("splits a run-on turn before questions, findings and orders, never inside a clause", () => {
    const parsed = parseConsultation(
      "[doctor] on the examination of the abdomen there is no tenderness to palpation there is no rebound or guarding there is tenderness on the right side does it hurt when i press here i'm going to order a ct scan of the abdomen\n[patient] yes",
    );
    expect(parsed.sentences.filter((s) => s.speaker === "doctor").map((s) => s.raw)).toEqual([
      "on the examination of the abdomen",
      "there is no tenderness to palpation",
      "there is no rebound or guarding",
      "there is tenderness on the right side",
      "does it hurt when i press here",
      "i'm going to order a ct scan of the abdomen",
    ]);
  });

  it("keeps an ellipsis inside its sentence", () => {
    const parsed = parseConsultation(
      "[doctor] i want to continue you on this ... on the synthroid .\n[patient] ok",
    );
    expect(parsed.sentences[0]!.raw).toBe("i want to continue you on this... on the synthroid.");
  });
});

describe("problemPlan without named problems", () => {
  const parsed = parseConsultation(`Doctor: I think this is most likely a community-acquired pneumonia.
Doctor: I'd like a chest X-ray today and blood tests including a full blood count and CRP.
Doctor: Keep taking your metformin, drink plenty of fluids and check your blood sugar more often.
Doctor: Come back in 48 hours so I can check on you.
Doctor: If you have trouble breathing, chest pain that gets worse, or confusion, go to the emergency department straight away.
Patient: Okay, thank you.`);
  const plan = problemPlan(parsed.sentences, 0);

  it("writes a test asked for as the order it is, and keeps its list together", () => {
    expect(plan.entries.flatMap((e) => e.plan)).toEqual([
      "Order a chest X-ray today and blood tests including a full blood count and CRP.",
      "Keep taking the metformin.",
      "Drink plenty of fluids.",
      "Check the blood sugar more often.",
    ]);
  });

  it("puts the return visit and the safety-net advice under follow-up", () => {
    expect(plan.followUp).toEqual([
      "Come back in 48 hours so the clinician can check on the patient.",
      "If the patient has trouble breathing, chest pain that gets worse, or confusion, go to the emergency department straight away.",
    ]);
  });

  it("keeps an order's condition with it, and does not take a condition for a reason", () => {
    const run = parseConsultation(
      "[doctor] i want you to just take it easy for right now , and if your symptoms continue , we'll talk about further imaging and possibly referral to physical therapy , okay ?\n[patient] okay .",
    );
    expect(problemPlan(run.sentences, 0).entries.flatMap((e) => e.plan)).toEqual([
      "Take it easy for right now.",
      "If the symptoms continue, talk about further imaging and possibly referral to physical therapy.",
    ]);
  });

  it("keeps a condition said in its own clause with the order after it", () => {
    const run = parseConsultation(
      "[doctor] now , if you're still having symptoms , i wan na go ahead and , uh , order an mri .\n[doctor] we'll check a strep test , and if that's positive , i'll prescribe amoxicillin 500 milligrams three times a day .",
    );
    expect(problemPlan(run.sentences, 0).entries.flatMap((e) => e.plan)).toEqual([
      "If the patient is still having symptoms, order an mri.",
      "Check a strep test.",
      "If that's positive, prescribe amoxicillin 500 mg 3 times a day.",
    ]);
  });

  it("writes no order with nothing to act on", () => {
    const run = parseConsultation("[doctor] i'll order that as well .\n[doctor] let's repeat this too .");
    expect(problemPlan(run.sentences, 0).entries.flatMap((e) => e.plan)).toEqual([]);
  });

  it("writes an option the clinician only discusses as a discussion, not as the orders it explains", () => {
    const run = parseConsultation(
      "[doctor] we'll have to discuss further treatment such as lithotripsy which is essentially a shock wave procedure in which we sedate you and use shock waves to break up the stone .\n[patient] okay .",
    );
    const lines = problemPlan(run.sentences, 0).entries.flatMap((e) => e.plan);
    expect(lines.join(" ")).not.toContain("Use shock waves");
    expect(lines.join(" ")).toContain("Discuss further treatment such as lithotripsy");
  });

  it("keeps the hedge of the impression", () => {
    expect(plan.entries.flatMap((e) => e.assessment)).toEqual([
      "Most likely a community-acquired pneumonia.",
    ]);
  });
});

describe("sentences cut by the other speaker", () => {
  it("joins a sentence cut off by a backchannel, and never splits a pair across a comma", () => {
    const parsed = parseConsultation(`[doctor] i do appreciate some jugular venous distention to-
[patient] mm-hmm .
[doctor] to about eight centimeters . and your lower extremities have , you know , 1+ pitting edema .
[patient] okay .`);
    const doctor = parsed.sentences.filter((s) => s.speaker === "doctor");
    expect(doctor.map((s) => noteLine(s.text, s.speaker))).toEqual([
      "Some jugular venous distention to about 8 centimeters.",
      "Lower extremities have 1+ pitting edema.",
    ]);
  });
});

describe("a dictated assessment and plan", () => {
  const parsed = parseConsultation(`[doctor] hey , let's take a quick listen to your heart .
[doctor] i think the lasix is working for your swelling .
[doctor] all right , assessment and plan .
[doctor] chronic chf . had an exacerbation of chf earlier in the spring . going to repeat ekg today but otherwise continue with her current regimen .
[doctor] uh number 2 , pre-op examination . she is having a right knee replacement end of june .`);
  const plan = problemPlan(parsed.sentences, 0);

  it("names the problem the dictation opens with, and lists the next by number", () => {
    expect(plan.entries.filter((e) => e.problem).map((e) => e.problem)).toEqual([
      "Chronic chf",
      "Pre-op examination",
    ]);
    const chf = plan.entries.find((e) => e.problem === "Chronic chf")!;
    expect(chf.assessment).toEqual(["Had an exacerbation of chf earlier in the spring."]);
    expect(chf.plan).toEqual(["Repeat ekg today but otherwise continue with her current regimen."]);
  });

  it("lets the dictation replace what the conversation said without naming a problem, and keeps talk of the exam out of the plan", () => {
    const unnamed = plan.entries.filter((e) => !e.problem);
    expect(unnamed.flatMap((e) => e.assessment)).toEqual([]);
    expect(plan.entries.flatMap((e) => e.plan).join(" ")).not.toContain("listen");
  });
});

describe("a transcript pasted without its line breaks", () => {
  it("starts a new turn at each speaker label after a sentence's end", () => {
    const parsed = parseConsultation(
      "Doctor: Any fever or chills? Patient: No. Doctor: Any penicillin allergy? Patient: No, none.",
    );
    expect(parsed.kind).toBe("dialogue");
    expect(parsed.sentences.map((s) => [s.speaker, s.raw])).toEqual([
      ["doctor", "Any fever or chills?"],
      ["patient", "No."],
      ["doctor", "Any penicillin allergy?"],
      ["patient", "No, none."],
    ]);
  });
});
