// What the learned note models see of one transcript sentence. The training script and the
// summarizer both call consultationFeatures, so a sentence is described the same way in both.

import type { SourceSentence, Speaker } from "../parse-consultation";

const NUMBER_WORDS = new Set(
  (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen " +
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand"
  ).split(" "),
);

const SPEAKER_GROUP: Record<Speaker, string> = {
  doctor: "doctor",
  clinician: "doctor",
  patient: "patient",
  family: "patient",
  other: "other",
  narrative: "narrative",
};

/** Upper bounds (in words) of the length buckets; longer sentences share the last bucket. */
const LENGTH_BUCKETS = [3, 7, 15, 30];

function hasDigit(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code >= 0x30 && code <= 0x39) return true;
  }
  return false;
}

/**
 * One spelling per word: numbers (written or spelled out) fold to "#num", a possessive "'s" and a
 * plural "s" are dropped ("pains" → "pain", but not "less", "virus", "diagnosis").
 */
export function normalizeWord(word: string): string {
  if (hasDigit(word) || NUMBER_WORDS.has(word)) return "#num";
  let w = word.endsWith("'s") ? word.slice(0, -2) : word;
  if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is"))
    w = w.slice(0, -1);
  return w;
}

function lengthBucket(wordCount: number): number {
  const bucket = LENGTH_BUCKETS.findIndex((max) => wordCount <= max);
  return bucket < 0 ? LENGTH_BUCKETS.length : bucket;
}

/** The features of one sentence; `question` is the other speaker's question it answers, if any. */
export function sentenceFeatures(s: SourceSentence, question?: SourceSentence): string[] {
  const speaker = SPEAKER_GROUP[s.speaker];
  const features = new Set<string>([
    `spk:${speaker}`,
    `pos:${Math.min(9, Math.floor(s.position * 10))}`,
    `len:${lengthBucket(s.words.length)}`,
  ]);
  if (s.isQuestion) features.add(`isq:${speaker}`);
  if (question) features.add("ans");
  for (const word of s.words) features.add(`w:${normalizeWord(word)}`);
  if (question) for (const word of question.words) features.add(`q:${normalizeWord(word)}`);
  return [...features];
}

/**
 * The question each sentence answers: the last sentence of the previous turn when it is a question
 * by another speaker, for the first two sentences of the answering turn.
 */
export function answeredQuestions(sentences: readonly SourceSentence[]): Array<SourceSentence | undefined> {
  const answered: Array<SourceSentence | undefined> = [];
  let turnStart = 0;
  let previousTurnLast: SourceSentence | undefined;
  for (let i = 0; i < sentences.length; i++) {
    const s = sentences[i]!;
    if (i > 0 && sentences[i - 1]!.turn !== s.turn) {
      turnStart = i;
      previousTurnLast = sentences[i - 1];
    }
    const asks = previousTurnLast?.isQuestion && previousTurnLast.speaker !== s.speaker;
    answered.push(asks && i - turnStart < 2 ? previousTurnLast : undefined);
  }
  return answered;
}

/** The features of every sentence of a parsed consultation, in order. */
export function consultationFeatures(sentences: readonly SourceSentence[]): string[][] {
  const answered = answeredQuestions(sentences);
  return sentences.map((s, i) => sentenceFeatures(s, answered[i]));
}
