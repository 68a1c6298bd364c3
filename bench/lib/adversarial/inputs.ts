// The adversarial bench's inputs, generated in code so every run sends the same bytes. Lengths
// are in code points, the unit of the app's 100,000-character limit.
import { mulberry32 } from "@consult-summary/eval/compare";

export const MAX_CHARACTERS = 100_000;

/** Repeats `unit` until `length` code points, cutting the last copy between code points. */
export function repeatTo(unit: string, length: number): string {
  const points = [...unit];
  const whole = Math.floor(length / points.length);
  return unit.repeat(whole) + points.slice(0, length - whole * points.length).join("");
}

/** `head`, then `filler` repeated, then `tail`: `length` code points in all. */
export function padBetween(head: string, filler: string, tail: string, length: number): string {
  const room = length - [...head].length - [...tail].length;
  return head + repeatTo(filler, room) + tail;
}

const DOCTOR_LINES = [
  "so what brings you in today",
  "okay and how long has that been going on",
  "any fever or chills with that",
  "are you taking anything for it at the moment",
  "alright let me have a listen to your chest",
  "i think we should get a chest x-ray and some bloods",
  "any allergies to medications that you know of",
  "and how is your breathing when you walk up the stairs",
];
const PATIENT_LINES = [
  "um i've had this cough for about ten days now",
  "yeah on and off i had a temperature of like thirty eight point five on tuesday",
  "just some paracetamol uh two tablets maybe three times a day",
  "no not that i know of",
  "it's a bit worse at night and i bring up some green stuff",
  "my wife says i've been wheezing uh when i sleep",
  "i did have asthma as a kid but nothing since",
  "i get a bit short of breath yeah especially in the morning",
];

/** Transcript text as speech recognition gives it: lower case, fillers, little punctuation. */
export function asrTranscript(length: number, seed = 1): string {
  const random = mulberry32(seed);
  const pick = (lines: string[]) => lines[Math.floor(random() * lines.length)]!;
  let text = "";
  while (text.length < length) {
    text += `Doctor: ${pick(DOCTOR_LINES)}\nPatient: ${pick(PATIENT_LINES)}\n`;
  }
  return text.slice(0, length);
}

export function latinWithoutSpaces(length: number, seed = 2): string {
  const random = mulberry32(seed);
  return Array.from({ length }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join("");
}

export const ABBREVIATIONS = "Dr. Lee gave 5 mg. b.i.d. vs. 10 mg. t.i.d. e.g. approx. 2 wks. i.e. Pt. St. ";

export interface InputShape {
  name: string;
  description: string;
  notes(): string;
}

/** The notes each POST /api/consultation shape sends: all exactly at the character limit. */
export const NOTES_SHAPES: InputShape[] = [
  {
    name: "transcript",
    description: "ordinary ASR-style transcript (baseline)",
    notes: () => asrTranscript(MAX_CHARACTERS),
  },
  {
    name: "latin-no-spaces",
    description: "Latin letters, no spaces",
    notes: () => latinWithoutSpaces(MAX_CHARACTERS),
  },
  {
    name: "combining-marks",
    description: '"a" + 99,999 × U+0301 (one grapheme)',
    notes: () => padBetween("a", "\u0301", "", MAX_CHARACTERS),
  },
  {
    name: "emoji",
    description: "emoji incl. ZWJ sequences, flags, skin tones, no spaces",
    notes: () => repeatTo("👨‍👩‍👧‍👦🤒👩🏽‍⚕️🏳️‍🌈🇬🇧😷", MAX_CHARACTERS),
  },
  {
    name: "thai",
    description: "Thai, no spaces",
    notes: () => repeatTo("ผู้ป่วยมีอาการไอและมีไข้มาสิบวันแพทย์แนะนำให้พักผ่อน", MAX_CHARACTERS),
  },
  {
    name: "cjk",
    description: "Chinese, no spaces",
    notes: () => repeatTo("患者咳嗽十天伴发热三十八度五医生建议拍胸片并验血", MAX_CHARACTERS),
  },
  {
    name: "spaces",
    description: "one run of ~100,000 spaces between two lines",
    notes: () => padBetween("Doctor: how are you", " ", "Patient: coughing", MAX_CHARACTERS),
  },
  {
    name: "tabs",
    description: "one run of ~100,000 tabs between two lines",
    notes: () => padBetween("Doctor: how are you", "\t", "Patient: coughing", MAX_CHARACTERS),
  },
  {
    name: "newlines",
    description: "~100,000 newlines with a few words",
    notes: () =>
      padBetween("Doctor: how are you", "\n", "Patient: coughing", MAX_CHARACTERS / 2) +
      padBetween("Doctor: any fever", "\n", "Patient: no", MAX_CHARACTERS / 2),
  },
  {
    name: "repeated-words",
    description: '"the the the …"',
    notes: () => repeatTo("the ", MAX_CHARACTERS),
  },
  {
    name: "abbreviations",
    description: '"Dr. … 5 mg. b.i.d. …" (a possible sentence end every few characters)',
    notes: () => repeatTo(ABBREVIATIONS, MAX_CHARACTERS),
  },
  {
    name: "markup",
    description: "unbalanced [ ]( ** <script> markup",
    notes: () => repeatTo("[a](**<script>[", MAX_CHARACTERS),
  },
];

/** An edit of `lines` lines that fits the 100,000-character revision limit. */
export function editWithLines(lines: number): string {
  const width = Math.floor((MAX_CHARACTERS + 1) / lines) - 1; // each line but the last ends in "\n"
  const item = (i: number) =>
    width >= 8
      ? `- item ${i + 1}: cough, fever 38.5, chest clear, review in 2 weeks`.slice(0, width)
      : String.fromCharCode(97 + (i % 26)).repeat(width);
  return Array.from({ length: lines }, (_, i) => item(i)).join("\n");
}
