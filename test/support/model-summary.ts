/** What the fake model writes for the example consultation: a short note the browser tests stream. */
export const EXAMPLE_MODEL_SUMMARY = [
  "## Chief complaint",
  "- Cough for ten days with shortness of breath on the stairs.",
  "",
  "## History of present illness",
  "- Thick green phlegm, mostly in the mornings.",
  "- Fever of 38.6 on Monday night with night sweats.",
  "",
  "## Plan",
  "- Chest X-ray today and blood tests including a full blood count and CRP.",
  "- Doxycycline 100 mg twice a day for seven days.",
  "",
].join("\n");
