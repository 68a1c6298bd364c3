// Synthetic visits for the note-type tests (invented; no real patients, no dataset rows).

/** A visit that ends in a referral, with abbreviations a patient may not know. */
export const REFERRAL_VISIT = `[doctor] hi , how are you doing today ?
[patient] not great , my chest has been tight when i walk uphill for about two weeks .
[doctor] the patient is a 64-year-old male with a history of hypertension who presents with exertional chest tightness .
[doctor] does it come on at rest ?
[patient] no , only when i walk fast or climb stairs .
[doctor] what medications are you on ?
[patient] i take amlodipine 10 mg once a day and aspirin 81 mg daily .
[doctor] any allergies ?
[patient] i'm allergic to penicillin .
[doctor] your BP today is 150/90 and your heart rate is 88 .
[doctor] on exam , the heart sounds are regular with no murmur , and there is no edema in the legs .
[doctor] your EKG today shows no acute changes .
[doctor] my impression is stable angina , likely from coronary artery disease .
[doctor] i'm going to refer you to cardiology for a stress test .
[doctor] i'll prescribe nitroglycerin 0.4 mg as needed for chest pain .
[doctor] order a lipid panel .
[doctor] follow up in 2 weeks , and go to the emergency room if the pain comes on at rest .`;
