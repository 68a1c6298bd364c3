// An invented, long ASR-style visit (lower case, few full stops) whose plan is one long turn: the
// case where a highlight used to cover a 12-line utterance instead of the sentence a line came from.

const HISTORY = [
  "[doctor] hi there come on in have a seat so what brings you in today",
  "[patient] hi so i've been having this pain in my lower back for about three weeks now and it's been getting worse especially in the mornings",
  "[doctor] okay and does the pain go down into your legs at all",
  "[patient] yeah sometimes it shoots down the back of my right leg to the knee",
  "[doctor] any numbness or tingling in the leg or the foot",
  "[patient] a little tingling in the right foot at night but no numbness",
  "[doctor] any problems with your bladder or your bowels any trouble passing urine",
  "[patient] no nothing like that",
  "[doctor] did anything happen when it started did you lift something heavy",
  "[patient] i was moving furniture at my daughter's house the weekend before it started",
  "[doctor] and what have you tried for it so far",
  "[patient] i've been taking ibuprofen 400 milligrams about three times a day and using a heat pad it helps a bit",
  "[doctor] any stomach upset with the ibuprofen",
  "[patient] no my stomach is fine",
  "[doctor] how is your sleep with the pain",
  "[patient] it wakes me up when i turn over in bed maybe twice a night",
  "[doctor] any fevers or weight loss that you've noticed",
  "[patient] no fevers and my weight has been the same",
  "[doctor] do you have any other medical problems",
  "[patient] i have high blood pressure and i take amlodipine 5 milligrams once a day",
  "[doctor] any allergies to medicines",
  "[patient] i'm allergic to penicillin it gives me a rash",
  "[doctor] what kind of work do you do",
  "[patient] i'm a delivery driver so i'm sitting in the van a lot and lifting parcels",
  "[doctor] okay let me examine your back now",
  "[doctor] there is tenderness over the lower lumbar muscles on the right side straight leg raise on the right is positive at about 50 degrees reflexes at the knees and ankles are normal and equal strength in the legs is normal and sensation is normal",
];

const PLAN =
  "[doctor] okay so i think this is a lumbar strain with some irritation of the sciatic nerve on the right side " +
  "it is very common after lifting and most people get better in four to six weeks " +
  "i want you to keep taking the ibuprofen 400 milligrams three times a day with food for another two weeks " +
  "and i'm going to add naproxen no actually let's not add another anti inflammatory " +
  "i'm going to start you on a short course of physiotherapy twice a week " +
  "they will teach you some stretching exercises for your back and your hamstrings " +
  "try to keep moving and walking every day rather than resting in bed " +
  "i'd like you to avoid lifting anything over ten kilos at work for the next two weeks " +
  "and i'll write you a note for your employer about that " +
  "if you get any numbness around your bottom or trouble passing urine you need to go to the emergency department straight away " +
  "otherwise i want to see you back here in four weeks to see how you're doing";

/** The visit as a clinician would paste it: one turn a line. */
export const LONG_ASR_VISIT = [...HISTORY, PLAN, "[patient] okay thank you doctor"].join("\n");

/** The plan turn, as it stands in the visit. */
export const LONG_ASR_PLAN_TURN = PLAN;
