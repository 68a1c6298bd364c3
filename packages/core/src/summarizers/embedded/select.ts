// Scoring, section assignment, selection and de-duplication of source sentences.

import type { SummarySection } from "../types";
import { words as toWords } from "./normalize";
import {
  cleanSentence,
  parseConsultation,
  type ParsedConsultation,
  type SourceSentence,
} from "./parse-consultation";
import { scoreSentences, sectionFit, type NoteScores } from "./learned/model";
import { answeredQuestion, noteLine } from "./note-register";
import { isDiagnosis } from "../../facts/check-facts";
import { isConversational } from "../../facts/register";
import { asChiefComplaint } from "./chief-complaint";
import { demographicLine } from "./demographics";
import { problemPlan, type ProblemPlan } from "./problem-plan";
import { PATTERNS, resolveRule, ruleForKey, type Phase, type SectionRule } from "./section-rules";

export interface SelectedSection {
  section: SummarySection;
  sentences: string[];
}

const STOPWORDS = new Set(
  (
    "a about above after again against all am an and any are aren't as at be because been before being below between both but by " +
    "can can't cannot could couldn't did didn't do does doesn't doing don't down during each few for from further had hadn't has hasn't " +
    "have haven't having he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in into is isn't " +
    "it it's its itself let's me more most mustn't my myself no nor not of off on once only or other ought our ours ourselves out over own " +
    "same shan't she she'd she'll she's should shouldn't so some such than that that's the their theirs them themselves then there there's " +
    "these they they'd they'll they're they've this those through to too under until up very was wasn't we we'd we'll we're we've were " +
    "weren't what what's when when's where where's which while who who's whom why why's with won't would wouldn't you you'd you'll you're " +
    "you've your yours yourself yourselves okay ok yeah yes yep just like really gonna wanna get got go going know think well thing things " +
    "little bit lot kind sort mean also still said say tell let see look want need make sure right good now today um uh oh alright " +
    "actually maybe something anything everything one two much many way back come came take put give try pretty definitely probably " +
    "great thank thanks hi hello mhm hmm sir ma'am ma miss mr mrs doctor dr correct terrible fine sorry absolutely exactly true wrong nope nothing none guess feel felt bad worse better lately kinda sometimes often time times ago yesterday tomorrow morning night day days week weeks month months year years"
  ).split(/\s+/),
);

// prettier-ignore
const TIME_WORDS = new Set(["couple", "few", "several", "ago", "last", "past", "since", "about", "around", "almost", "nearly", "over", "within", "earlier", "recently", "saturday", "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "weekend", "hours", "hour", "minutes"]);
const CHITCHAT =
  /\b(how are you|how're you|how you doing|nice to (?:meet|see)|good (?:morning|afternoon|evening)|thank you|thanks|have a (?:good|great|nice)|bye|take care|welcome|sorry to hear|i'm sorry|weather|any (?:other )?questions|does that sound|sounds? good|is that okay|that's great|glad to hear|no problem|of course|my name is|i'm doctor|i am doctor|let me know|excuse me|ring the call bell|call bell|nurse will|be right in|right back|stretcher|paperwork|waiting room)\b/;
const ASSISTANT = /\b(dragon|dax|nuance|hey computer)\b/;
const META =
  /\b((?:i'm|i am|we're|we are) (?:just )?(?:gonna|going to) (?:go ahead and )?(?:check|look|listen|examine|take a look|do a|have you)|go ahead and (?:do|take) (?:a )?(?:quick )?(?:physical )?exam|let me (?:just )?(?:take a look|examine|look|listen|check|pull up|see)|i'm just going to|i'm gonna (?:go ahead and )?(?:take a look|examine|check|look|listen)|take a deep breath|breathe (?:in|out)|lie back|sit up|can you (?:stand|walk|move|push|pull|squeeze)|push against|does (?:this|that) hurt|any pain (?:here|there|when)|is this the nurse|let me see|let's see|before we begin|for our records)\b/;
const INTERROGATIVE =
  /^(what|what's|how|how's|when|where|why|who|which|whose|do|does|did|are|is|was|were|have|has|had|can|could|would|will|should|shall|may|might|any|anything|anyone|tell me|describe|explain|so what|and what|and how|and when|and where|and do|and are|and is|and have)\b/i;
const AFFIRMATIVE =
  /^\s*(?:[a-z]+,\s*)?(yes|yeah|yep|yup|yea|correct|that's (?:right|correct|true)|that is (?:right|correct)|right|exactly|uh-huh|mm-hmm|mhm|i do|i have|i am|i did|sure|absolutely|definitely|true|affirmative)\b/i;
// Starts at a comma or at the first of a run of spaces (not inside one), which finds the same tag but
// scans a long run of spaces once rather than once per space.
const QUESTION_TAG =
  /(?:,|(?<![\s,]))\s*(?:right|correct|is that right|is that correct|isn't it|aren't you|don't you|didn't you|okay|yes|no)\?$/i;

const LOOKS_LIKE = /\b(?:it|this) (?:looks|sounds) like (?:an? )?([a-z-]+)/;

/** "Yes, it looks like tonsillitis": the clinician names what it is, as the plan begins. */
function impressionSaid(lower: string): boolean {
  const named = LOOKS_LIKE.exec(lower)?.[1];
  return named !== undefined && isDiagnosis(named);
}

function phaseOf(sentences: readonly SourceSentence[]): Phase[] {
  let phase: Phase = "history";
  const phases: Phase[] = [];
  for (const s of sentences) {
    const t = s.raw.toLowerCase();
    if (s.speaker === "doctor" || s.speaker === "clinician" || s.speaker === "narrative") {
      if (
        /\b(physical exam|on exam|examination|examine|take a look|look at your|listen to your|let me (?:feel|check|look|have a look)|vital signs|on your (?:heart|lung|physical|exam)|i'm gonna (?:check|look|listen|examine))/.test(
          t,
        ) &&
        phase === "history"
      )
        phase = "exam";
      else if (
        /\b(x-?rays?|mri|ct|results?|labs?|blood work|echocardiogram|ultrasound|ekg|ecg|a1c|lipid panel|imaging)\b/.test(
          t,
        ) &&
        /\b(show|shows|showed|revealed|demonstrat\w*|came back|look(?:ed|ing) at|review(?:ed)?|reviewing)\b/.test(
          t,
        ) &&
        (phase === "history" || phase === "exam") &&
        s.position > 0.25
      )
        phase = "results";
      else if (
        /\b(assessment|impression|my (?:diagnosis|recommendation)|for your (?:first |second |third |next |last )?problem|(?:so|now) (?:for|regarding|in terms of) your|plan (?:is|for)|diagnosis|i think (?:you|this|it|that)|what i (?:want|would like|think)|let's talk about|(?:i'll|i will|i'm going to) prescribe)\b/.test(
          t,
        ) &&
        s.position > 0.35
      )
        phase = "plan";
      else if (s.position > 0.35 && impressionSaid(t)) phase = "plan";
    }
    phases.push(phase);
  }
  return phases;
}

const globalCache = new WeakMap<RegExp, RegExp>();
function countMatches(re: RegExp, text: string): number {
  let g = globalCache.get(re);
  if (!g) {
    g = new RegExp(re.source, re.flags.includes("g") ? re.flags : re.flags + "g");
    globalCache.set(re, g);
  }
  g.lastIndex = 0;
  let count = 0;
  while (g.exec(text) && count < 4) count++;
  return count;
}

/** Sum of cue weights; repeated hits of one cue add half weight each (up to 4 hits). */
function cueScore(rule: SectionRule, text: string): number {
  let score = 0;
  for (const [re, weight] of rule.cues) {
    const count = countMatches(re, text);
    if (count > 0) score += weight * (1 + TUNING.repeatCue * (count - 1));
  }
  return score;
}

interface Candidate {
  s: SourceSentence;
  /** Output text: the sentence as a note line (note-register.ts). */
  text: string;
  /** Lower-cased source words the section cues are matched against (the transcript's, as said). */
  cueText: string;
  /** Distinct content words, for the overlap check against earlier picks. */
  contentWords: Set<string>;
  /** The section rule of the notes heading the sentence appeared under, if it names one. */
  headingRule?: SectionRule;
  info: number;
  /** Lower-cased text of the doctor question this sentence answers (if any). */
  context: string;
  phase: Phase;
  isShortAnswer: boolean;
  /** The learned note models' scores for the source sentence (learned/README.md). */
  learned: NoteScores;
}

function contentOf(ws: string[]): string[] {
  return ws.filter((w) => w.length > 1 && !STOPWORDS.has(w));
}

function buildCandidates(
  parsed: ParsedConsultation,
  learned: readonly NoteScores[],
  phases: readonly Phase[],
  written: ReadonlySet<number> = new Set(),
): Candidate[] {
  const sentences = parsed.sentences;
  const headingRule = headingRuleResolver();
  const tf = new Map<string, number>();
  for (const s of sentences) for (const w of new Set(contentOf(s.words))) tf.set(w, (tf.get(w) ?? 0) + 1);

  // Last question of each turn and first sentence of each turn, for Q/A context.
  const lastQuestionOfTurn = new Map<number, SourceSentence>();
  const firstOfTurn = new Map<number, SourceSentence>();
  for (const s of sentences) {
    if (!firstOfTurn.has(s.turn)) firstOfTurn.set(s.turn, s);
    if (s.isQuestion) lastQuestionOfTurn.set(s.turn, s);
    else if (lastQuestionOfTurn.get(s.turn)?.index !== s.index) {
      // keep the latest question only if it ends the turn
      const q = lastQuestionOfTurn.get(s.turn);
      if (q && q.index < s.index) lastQuestionOfTurn.delete(s.turn);
    }
  }
  const turnSpeaker = new Map<number, string>();
  for (const s of sentences) turnSpeaker.set(s.turn, s.speaker);

  const candidates: Candidate[] = [];
  for (const s of sentences) {
    // Sentences the problem-oriented plan has written are not candidates for any other section.
    if (!s.text || written.has(s.index)) continue;
    const lower = s.text.toLowerCase();
    if (ASSISTANT.test(lower)) continue;
    // Interrupted fragments ("Have you had any operations in the-", "... paralysis or").
    if (/(?:-|\b(?:or|and|but|the|a|of|to))\s*$/i.test(s.raw.trim())) continue;
    let text: string;
    let paired = false;
    if (s.isQuestion) {
      // A question is not a fact; its plain yes/no reply is ("Any fever?" / "No." → "Denies fever.").
      const next = firstOfTurn.get(s.turn + 1);
      const isLastInTurn = sentences[s.index + 1]?.turn !== s.turn;
      if (!isLastInTurn || !next || next.speaker === s.speaker) continue;
      text = answeredQuestion(s.raw, next.raw);
      paired = text !== "";
      if (!paired) {
        // A doctor's declarative question confirmed by the next speaker becomes a statement.
        const stripped = s.raw.replace(QUESTION_TAG, "?");
        const core = cleanSentence(stripped.replace(/(?<!\?)\?+$/, ""));
        if (!core || INTERROGATIVE.test(core) || !AFFIRMATIVE.test(next.raw) || toWords(core).length < 4)
          continue;
        text = noteLine(core, s.speaker);
      }
    } else text = noteLine(s.text, s.speaker);
    if (!text) continue;
    // "When the patient takes the ibuprofen.": a condition without what happens then is no line.
    if (isBareCondition(text)) continue;
    // Speech the rules kept because it orders something belongs to the plan, never to the history.
    if (phases[s.index] !== "plan" && isConversational(text)) continue;
    // "Take one more deep breath.", "Lay back": what the clinician asks of the patient during the exam.
    const duringExam = phases[s.index] === "exam" || EXAM_INSTRUCTION.test(text);
    if (duringExam && s.speaker === "doctor" && isInstruction(text)) continue;
    const ws = toWords(text);
    const cw = contentOf(ws);
    // "A couple of weeks ago.": a time with nothing it is the time of says nothing.
    if (cw.length === 0 || cw.every((w) => TIME_WORDS.has(w) || /^\d+$/.test(w))) continue;
    const prevTurn = s.turn - 1;
    const q =
      s.speaker !== "doctor" && turnSpeaker.get(prevTurn) !== s.speaker
        ? lastQuestionOfTurn.get(prevTurn)
        : undefined;
    const firstInTurn = firstOfTurn.get(s.turn)?.index === s.index;
    const context =
      q && (firstInTurn || s.index - (firstOfTurn.get(s.turn)?.index ?? 0) <= 2) ? q.raw.toLowerCase() : "";
    const isShortAnswer = !paired && ws.length < 4;
    if (isShortAnswer && !context && !s.heading) continue;
    if (CHITCHAT.test(lower) && cw.length < 5) continue;
    if (META.test(lower) && cw.length < 8) continue;

    let info = 0;
    info += 0.12 * Math.min(cw.length, 16);
    if (PATTERNS.SYMPTOM.test(lower)) info += 0.5;
    if (PATTERNS.CONDITION.test(lower)) info += 0.5;
    if (PATTERNS.DRUG_NAMES.test(lower) || PATTERNS.DRUG_SUFFIX.test(lower)) info += 0.5;
    if (PATTERNS.DOSE.test(lower)) info += 0.5;
    if (PATTERNS.DURATION.test(lower)) info += 0.4;
    if (/\d/.test(lower)) info += 0.3;
    let topic = 0;
    for (const w of new Set(cw)) {
      const f = tf.get(w) ?? 1;
      if (f >= 2) topic += Math.log2(f);
    }
    info += 0.25 * Math.min(6, topic);
    if (ws.length > 40) info -= 0.04 * (ws.length - 40);
    if (CHITCHAT.test(lower)) info -= 1;
    if (META.test(lower)) info -= 1;
    if (/^(i don't know|not sure|i'm not sure|i think so|not really|nothing)\b/i.test(text)) info -= 0.8;
    const logOdds = learned[s.index]!.noteworthiness;
    info += TUNING.learnedInfo * Math.max(-TUNING.learnedInfoCap, Math.min(TUNING.learnedInfoCap, logOdds));

    candidates.push({
      s,
      text,
      cueText: (paired ? `${text} ${s.text}` : s.text).toLowerCase(),
      contentWords: new Set(cw),
      headingRule: s.heading ? headingRule(s.heading) : undefined,
      info,
      context,
      phase: phases[s.index]!,
      isShortAnswer,
      learned: learned[s.index]!,
    });
  }
  return candidates;
}

function affinity(c: Candidate, rule: SectionRule, parsedKind: "dialogue" | "notes"): number {
  const lower = c.cueText;
  // An allergy line names an allergy or a reaction itself, whatever else points there (a question
  // that lists "any allergies" among other things does not make its answer one).
  if (rule.key === "allergies" && !PATTERNS.ALLERGY.test(lower)) return -Infinity;
  let score = cueScore(rule, lower);
  if (c.context && rule.answerContext > 0) score += rule.answerContext * cueScore(rule, c.context);
  score += rule.speaker[c.s.speaker] ?? 0;
  if (parsedKind === "dialogue") {
    score += rule.phase[c.phase] ?? 0;
    if (rule.position) score += rule.position.weight * (1 - 2 * Math.abs(c.s.position - rule.position.at));
  }
  if (c.headingRule) score += c.headingRule.key === rule.key ? 5 : -2;
  score += TUNING.learnedSection * sectionFit(c.learned, rule.key);
  return score;
}

/**
 * Resolves notes headings to section rules, remembering each heading for one summary only: the
 * headings are consultation text, which must not outlive the request in a module-level cache.
 */
function headingRuleResolver(): (heading: string) => SectionRule | undefined {
  const resolved = new Map<string, SectionRule | undefined>();
  return (heading) => {
    if (!resolved.has(heading)) {
      const rule = ruleForKey(heading) ?? resolveRule({ key: heading, title: heading });
      resolved.set(heading, rule.aliases.length ? rule : undefined);
    }
    return resolved.get(heading);
  };
}

/** Fraction of the candidate's content words already present in an earlier pick. */
function overlap(earlier: ReadonlySet<string>, candidate: ReadonlySet<string>): number {
  let inter = 0;
  for (const w of candidate) if (earlier.has(w)) inter++;
  return inter / Math.max(1, candidate.size);
}

function pick(
  ranked: Array<{ c: Candidate; score: number }>,
  maxSentences: number,
  maxWords: number,
  chosenGlobal: Candidate[],
): Candidate[] {
  const chosen: Candidate[] = [];
  let wordCount = 0;
  for (const { c } of ranked) {
    if (chosen.length >= maxSentences) break;
    const n = c.text.split(/\s+/).length;
    if (chosen.length > 0 && wordCount + n > maxWords * 1.15) continue;
    if ([...chosen, ...chosenGlobal].some((o) => overlap(o.contentWords, c.contentWords) > TUNING.maxOverlap))
      continue;
    chosen.push(c);
    wordCount += n;
    if (wordCount >= maxWords) break;
  }
  return chosen.sort((a, b) => a.s.index - b.s.index);
}

/**
 * Tunable weights, tuned on the MTS-Dialog / ACI-Bench train splits with a ROUGE script since
 * replaced by the eval package. To measure a change: `npm run eval -- run --prompt v1 --dataset
 * <file> --provider embedded`, then `npm run eval -- runs` (eval/README.md, "Figures").
 */
export const TUNING = {
  infoWeight: 1,
  multiInfoWeight: 0.5,
  /** Extra weight per repeated hit of the same cue pattern. */
  repeatCue: 0.5,
  /** Single-section budget: max(singleWords * singleMinFactor, singleRatio * singleRatioFactor * source words). */
  singleMinFactor: 0.8,
  singleRatioFactor: 1.6,
  /** Multi-section: minimum affinity for a sentence to be used at all. */
  minAffinity: 1.5,
  /** Multi-section budget scale. */
  multiScale: 1,
  /** Skip a sentence when this fraction of its content words is already in one earlier pick. */
  maxOverlap: 0.7,
  /** Weight of the learned note-worthiness log-odds in a sentence's information score… */
  learnedInfo: 2,
  /** …capped at ± this, so the model reorders sentences without overriding the section cues. */
  learnedInfoCap: 2,
  /**
   * Weight of the learned section model's probability in affinity: a tie-breaker only, since larger
   * weights lowered ACI-Bench ROUGE-Lsum (learned/README.md, "Tuning").
   */
  learnedSection: 0.25,
};

// prettier-ignore
const CONDITION_OPENERS = new Set(["if", "when", "whenever", "because", "unless", "although", "while", "until", "once"]);

// prettier-ignore
const INSTRUCTION_VERBS = new Set([
  "take", "look", "sit", "lay", "lie", "pull", "push", "squeeze", "follow", "breathe", "stand", "walk", "bend",
  "raise", "lift", "turn", "open", "say", "cough", "relax", "hop", "point", "touch", "hold", "let", "go",
  "close", "reach", "extend", "stick", "wiggle", "smile", "shrug", "flex", "straighten", "kick",
  "spread", "grip", "press", "resist", "show",
]);

const EXAM_INSTRUCTION = /\b(?:deep breaths?|real quick)\b/i;

function isInstruction(line: string): boolean {
  return INSTRUCTION_VERBS.has(line.slice(0, line.indexOf(" ")).toLowerCase());
}

function isBareCondition(line: string): boolean {
  const first = line.slice(0, line.indexOf(" ")).toLowerCase();
  return CONDITION_OPENERS.has(first) && !line.includes(",") && !/ then /i.test(line);
}

export function selectSentences(notes: string, sections: SummarySection[]): SelectedSection[] {
  if (sections.length === 0) return [];
  const parsed = parseConsultation(notes);
  const learned = scoreSentences(parsed.sentences);
  const phases = phaseOf(parsed.sentences);
  // The assessment and plan, problem by problem, when the clinician names the problems.
  const problems =
    sections.length > 1 && parsed.kind === "dialogue"
      ? problemOrientedPlan(parsed, learned, phases)
      : undefined;
  let candidates = buildCandidates(parsed, learned, phases, problems?.used);
  const rules = sections.map((section) => resolveRule(section));

  if (sections.length === 1) {
    const rule = rules[0]!;
    const ranked = candidates
      .map((c) => ({
        c,
        score: affinity(c, rule, parsed.kind) + TUNING.infoWeight * c.info - (c.isShortAnswer ? 0.5 : 0),
      }))
      .sort((a, b) => b.score - a.score || a.c.s.index - b.c.s.index);
    const sourceWords = notes.split(/\s+/).filter(Boolean).length;
    const budget = Math.max(
      rule.singleWords * TUNING.singleMinFactor,
      rule.singleRatio * TUNING.singleRatioFactor * sourceWords,
    );
    const chosen = pick(ranked, 40, budget, []);
    return withFallback(
      [{ section: sections[0]!, sentences: chosen.map((c) => c.text) }],
      parsed,
      candidates,
    );
  }

  // The demographic line opens the history and the assessment; its sentence is not used again.
  const historyIndex = rules.findIndex((rule) => rule.key === "history_of_present_illness");
  const demographic = historyIndex >= 0 ? demographicLine(parsed.sentences) : undefined;
  if (demographic) candidates = candidates.filter((c) => c.s.index !== demographic.index);

  // Chief complaint: the single best early complaint sentence, taken out of the pool.
  const ccIndex = rules.findIndex((rule) => rule.key === "chief_complaint");
  let ccPick: Candidate | undefined;
  if (ccIndex >= 0 && !demographic?.reason) {
    const ccRule = rules[ccIndex]!;
    let bestScore = TUNING.minAffinity * (parsed.kind === "notes" ? 0.5 : 1);
    for (const c of candidates) {
      const lower = c.cueText;
      if (!(
        PATTERNS.SYMPTOM.test(lower) ||
        PATTERNS.CONDITION.test(lower) ||
        /\b(presents?|here for|complain)/.test(lower)
      ))
        continue;
      if (c.s.position > 0.5 || c.text.split(/\s+/).length > 45) continue;
      // What the patient denies is never why they came.
      if (/^(?:denies|no|not|never|does not|did not)\b/i.test(c.text)) continue;
      const opener =
        /\b(what brings|brought you|what's going on|how can i help|what seems to be|what can i do for you|tell me (?:what|about)|reason for|what happened)\b/;
      const score = affinity(c, ccRule, parsed.kind) + 0.2 * c.info + (opener.test(c.context) ? 2 : 0);
      if (score > bestScore) {
        bestScore = score;
        ccPick = c;
      }
    }
  }

  // No short complaint was said: the first problem the clinician addressed ("Right ankle pain.").
  const firstProblem = problems?.entries.find((e) => e.problem)?.problem;
  const complaintFromProblem =
    ccIndex >= 0 &&
    !demographic?.reason &&
    (!ccPick || wordsIn(ccPick.text) > MAX_COMPLAINT_WORDS) &&
    firstProblem &&
    wordsIn(firstProblem) <= MAX_PROBLEM_AS_COMPLAINT_WORDS
      ? `${firstProblem}.`
      : undefined;
  if (complaintFromProblem) ccPick = undefined;

  const problemSections = problems ? problemSectionLines(problems, rules) : new Map<number, string[]>();

  // Multi-section: each candidate goes to the requested section it fits best.
  const buckets = new Map<number, Array<{ c: Candidate; score: number }>>();
  if (ccPick) buckets.set(ccIndex, [{ c: ccPick, score: 1 }]);
  for (const c of candidates) {
    if (c === ccPick) continue;
    let best = -1;
    let bestAff = -Infinity;
    rules.forEach((rule, i) => {
      if (i === ccIndex) return;
      const a = affinity(c, rule, parsed.kind);
      if (a > bestAff) {
        bestAff = a;
        best = i;
      }
    });
    if (best < 0 || bestAff < TUNING.minAffinity * (parsed.kind === "notes" ? 0.5 : 1)) continue;
    if (problemSections.has(best)) continue;
    const list = buckets.get(best) ?? [];
    list.push({ c, score: bestAff + TUNING.multiInfoWeight * c.info - (c.isShortAnswer ? 0.8 : 0) });
    buckets.set(best, list);
  }
  const chosenGlobal: Candidate[] = [];
  const result: SelectedSection[] = sections.map((section, i) => {
    const rule = rules[i]!;
    const ranked = (buckets.get(i) ?? []).sort((a, b) => b.score - a.score || a.c.s.index - b.c.s.index);
    const chosen = pick(
      ranked,
      Math.round(rule.maxSentences * TUNING.multiScale),
      rule.maxWords * TUNING.multiScale,
      chosenGlobal,
    );
    chosenGlobal.push(...chosen);
    const lines = problemSections.get(i) ?? chosen.map((c) => c.text);
    if (i === historyIndex && demographic) return { section, sentences: [demographic.line, ...lines] };
    if (i === ccIndex && demographic?.reason) return { section, sentences: [demographic.reason] };
    if (i === ccIndex && complaintFromProblem) return { section, sentences: [complaintFromProblem] };
    if (i === ccIndex && ccPick) return { section, sentences: [asChiefComplaint(ccPick.text)] };
    // The assessment opens with the same summary statement, as clinicians write it.
    if (rule.key === "assessment" && demographic && lines.length > 0)
      return { section, sentences: [demographic.line, ...lines] };
    return { section, sentences: lines };
  });

  return withFallback(result, parsed, candidates);
}

/** A chief complaint longer than this is a story, not a complaint. */
const MAX_COMPLAINT_WORDS = 10;
const MAX_PROBLEM_AS_COMPLAINT_WORDS = 5;

function wordsIn(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Orders that make a plan worth writing from clauses when the clinician names no problem. */
const MIN_UNNAMED_ORDERS = 1;

/** The problem-oriented plan, when the visit names at least one problem and gives it an order. */
function problemOrientedPlan(
  parsed: ParsedConsultation,
  learned: readonly NoteScores[],
  phases: readonly Phase[],
): ProblemPlan | undefined {
  const planStart = phases.indexOf("plan");
  if (planStart < 0) return undefined;
  const spoken = parsed.sentences.filter((s) => !ASSISTANT.test(s.raw.toLowerCase()));
  const plan = problemPlan(spoken, planStart, (s) => learned[s.index]!.noteworthiness > 0);
  const orders = plan.entries.reduce((n, e) => n + e.plan.length, 0);
  const named = plan.entries.some((e) => e.problem);
  return named || orders >= MIN_UNNAMED_ORDERS ? plan : undefined;
}

/** The lines of the assessment, plan and follow-up sections, by the index of the requested section. */
function problemSectionLines(plan: ProblemPlan, rules: SectionRule[]): Map<number, string[]> {
  const lines = new Map<number, string[]>();
  // Every named problem is listed in the assessment, with the impression when one was said.
  const entryLines = (part: "assessment" | "plan") =>
    plan.entries
      .filter((e) => e[part].length > 0 || (part === "assessment" && e.problem))
      .flatMap((e) =>
        e.problem ? [e[part].length > 0 ? `${e.problem}: ${e[part].join(" ")}` : `${e.problem}.`] : e[part],
      );
  const assessment = rules.findIndex((rule) => rule.key === "assessment");
  const planIndex = rules.findIndex((rule) => rule.key === "plan");
  const followUp = rules.findIndex((rule) => rule.key === "follow_up");
  if (planIndex < 0) return lines;
  // Problems named without an order leave the plan to the sentence selection.
  const orders = entryLines("plan");
  if (orders.length > 0) lines.set(planIndex, orders);
  const assessed = plan.entries.some((e) => e.problem || e.assessment.length > 0);
  if (assessment >= 0 && assessed) lines.set(assessment, entryLines("assessment"));
  if (followUp >= 0 && plan.followUp.length > 0) lines.set(followUp, plan.followUp);
  return lines;
}

/** Never return nothing: fall back to the most informative source sentences under the first section. */
function withFallback(
  result: SelectedSection[],
  parsed: ParsedConsultation,
  candidates: Candidate[],
): SelectedSection[] {
  if (result.every((r) => r.sentences.length === 0)) {
    const ranked = candidates
      .map((c) => ({ c, score: c.info }))
      .sort((a, b) => b.score - a.score || a.c.s.index - b.c.s.index);
    const fallback = pick(ranked, 5, 100, []);
    if (fallback.length === 0) {
      const any = parsed.sentences
        .filter((s) => s.text)
        .sort((a, b) => b.words.length - a.words.length || a.index - b.index);
      // Last resort: the longest source sentences, as note lines where they can be, else as said.
      const lines = any
        .map((s) => ({ s, line: noteLine(s.text, s.speaker) }))
        .filter(({ line }) => line)
        .slice(0, 3);
      result[0]!.sentences = (lines.length > 0 ? lines : any.slice(0, 3).map((s) => ({ s, line: s.text })))
        .sort((a, b) => a.s.index - b.s.index)
        .map(({ line }) => line);
    } else result[0]!.sentences = fallback.map((c) => c.text);
  }
  return result;
}
