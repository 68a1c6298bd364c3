// prettier-ignore
const REPORTING_LEADS = ["reports", "complains of", "presents with", "is here for", "here for", "has been having", "has had"];
const DETERMINERS = ["this", "that", "these", "those", "some", "a", "an"];
const POINTING = new Set([...DETERMINERS, "it", "them"]);
const LEAD = new RegExp(`^(?:${REPORTING_LEADS.join("|")})\\s+(?:(?:${DETERMINERS.join("|")})\\s+)?`, "i");

/** A complaint as a chief complaint is written: "Reports this pain in the lower back …" → "Pain in the lower back …". */
export function asChiefComplaint(line: string): string {
  const complaint = line.replace(LEAD, "");
  const first = complaint
    .split(/\s+/)[0]!
    .toLowerCase()
    .replace(/[^a-z]/g, "");
  if (complaint === line || !first || POINTING.has(first)) return line;
  return complaint.charAt(0).toUpperCase() + complaint.slice(1);
}
