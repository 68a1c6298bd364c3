// Synthetic consultations written for these tests (invented; no real patients, no dataset rows).

import type { SummarySection } from "../types";

export const V1_SECTIONS: SummarySection[] = [
  { key: "chief_complaint", title: "Chief complaint" },
  { key: "history_of_present_illness", title: "History of present illness" },
  { key: "past_medical_history", title: "Past medical history" },
  { key: "past_surgical_history", title: "Past surgical history" },
  { key: "family_social_history", title: "Family and social history" },
  { key: "medications", title: "Medications" },
  { key: "allergies", title: "Allergies" },
  { key: "review_of_systems", title: "Review of systems" },
  { key: "examination", title: "Examination" },
  { key: "results", title: "Results" },
  { key: "assessment", title: "Assessment" },
  { key: "plan", title: "Plan" },
  { key: "follow_up", title: "Follow-up" },
];

/** Classic labelled transcript. */
export const KNEE_DIALOGUE = `Doctor: Good morning, how are you doing today?
Patient: Hi doctor, I'm okay, thanks.
Doctor: What brings you in today?
Patient: Um, I've had pain and swelling in my right knee for about three weeks now. It started after I twisted it playing soccer.
Doctor: Does it lock or give way?
Patient: It gives way when I go down the stairs, you know, and it clicks sometimes.
Doctor: Any fever or redness?
Patient: No.
Doctor: Do you have any medical problems?
Patient: I have asthma and mild high blood pressure.
Doctor: Any surgeries in the past?
Patient: I had my appendix removed when I was twelve.
Doctor: What medications are you taking?
Patient: I take amlodipine 5 mg once a day and an albuterol inhaler as needed.
Doctor: Any allergies to medications?
Patient: Yes, I'm allergic to penicillin, it gives me hives.
Doctor: Do you smoke or drink?
Patient: I don't smoke, and I drink a glass of wine on weekends. My father had a knee replacement for arthritis.
Doctor: Okay, let me take a look at the knee.
Doctor: On examination there is a moderate effusion of the right knee with tenderness along the medial joint line.
Doctor: The McMurray test is positive on the medial side and range of motion is limited to 100 degrees of flexion.
Doctor: Your X-ray from last week showed no fracture.
Doctor: I think this is most likely a medial meniscus tear.
Doctor: I'm going to order an MRI of the right knee and refer you to physical therapy.
Doctor: You can take ibuprofen 400 mg three times a day with food for the pain and use ice and a knee brace.
Doctor: I want you to follow up in two weeks after the MRI.
Patient: Okay, thank you so much.
Doctor: You're welcome, take care.`;

/** ACI-Bench-like ASR transcript: bracket tags, lower case, spaces before punctuation, fillers. */
export const ASR_DIALOGUE = `[doctor] hi , mr. lopez . how are you doing today ?
[patient] i'm doing okay , thanks .
[doctor] so , um , tell me what's going on .
[patient] yeah , so i've been having , uh , this burning pain in my stomach for about two months . it gets worse after i eat and when i lie down at night .
[doctor] okay . and do you have any nausea or vomiting ?
[patient] some nausea , but i have n't vomited .
[doctor] any black stools or blood in your stool ?
[patient] no , nothing like that .
[doctor] okay . and what are you taking for it ?
[patient] i've been taking , you know , tums and ibuprofen for my back pain , like 800 milligrams twice a day .
[doctor] okay . and do you smoke ?
[patient] i smoke about half a pack a day , and i do n't drink much .
[doctor] all right . hey dragon , show me the vitals .
[doctor] okay , so i'm gon na go ahead and do a quick physical exam .
[doctor] on exam , your abdomen is soft , and there is mild epigastric tenderness without rebound or guarding .
[doctor] your heart has a regular rate and rhythm and your lungs are clear to auscultation bilaterally .
[doctor] i reviewed your blood work and your hemoglobin was 13.2 , which is normal .
[doctor] so for your first problem , i think you have gastritis , likely from the ibuprofen .
[doctor] i want you to stop the ibuprofen , and i'm gon na start you on omeprazole 20 milligrams once a day before breakfast .
[doctor] we will also test you for h. pylori with a breath test .
[doctor] i'd like to see you back in four weeks to see how you're doing .
[patient] okay , that sounds good .`;

/** Dialogue with a family member and a clinician. */
export const FAMILY_DIALOGUE = `Doctor: Hello, who do we have here today?
Guest_family: This is my mother. She has been more confused over the last five days and she fell twice at home.
Doctor: I see. Has she had any fever or urinary symptoms?
Guest_family: She had a low grade fever yesterday and she has been going to the bathroom a lot more.
Doctor: Does she have any medical conditions?
Guest_family: She has type 2 diabetes and early dementia.
Doctor: And what medications is she on?
Guest_family: She takes metformin 500 mg twice a day and donepezil 10 mg at night.
Guest_clinician: Her temperature in triage was 38.1 and her urine dip was positive for nitrites.
Doctor: On exam she is alert but disoriented to time, and there is mild suprapubic tenderness.
Doctor: This looks like a urinary tract infection causing delirium.
Doctor: We will send a urine culture and start her on nitrofurantoin 100 mg twice a day for five days.
Doctor: If she gets worse or stops drinking, bring her straight back to the emergency department.`;

/** Free-text clinician notes with headings. */
export const FREE_TEXT_NOTES = `58 year old man seen in clinic for review of type 2 diabetes.
He reports increased thirst and getting up three times a night to pass urine over the past month.
Past history: hypertension, gout.
Meds: metformin 1 g twice daily, ramipril 5 mg daily, allopurinol 100 mg daily.
Allergies: none known.
Social: ex-smoker, quit 10 years ago, drinks 10 units a week.
On examination BP 148/90, BMI 32, feet have reduced monofilament sensation bilaterally.
HbA1c today 78 mmol/mol, up from 64 in March.
Impression: poorly controlled type 2 diabetes with early peripheral neuropathy.
Plan: add gliclazide 40 mg daily, refer to podiatry and diabetes education.
Review in 3 months with repeat HbA1c.`;

export const ALL_FIXTURES = { KNEE_DIALOGUE, ASR_DIALOGUE, FAMILY_DIALOGUE, FREE_TEXT_NOTES };
