// The summary and metadata the export tests share.
import type { ExportMeta } from "./export-meta";

export const SUMMARY = `## Chief complaint
- Productive cough for two weeks with green sputum.

## History of present illness
- Fever up to 38.5 °C for three days.
- No chest pain or **haemoptysis**.

## Medications
* Ramipril 5 mg once daily.

## Allergies
- Penicillin (rash).

## Examination
- Temp 38.2, RR 20, SpO2 96% on air; crackles at the right base.

## Assessment
- Probable community-acquired pneumonia, CURB-65 score 0.

## Plan
- Doxycycline 100 mg twice daily for 7 days.
- Chest X-ray; review in one week.

## Follow-up
- Return sooner if breathless or the fever persists beyond 48 hours.
`;

export const META: ExportMeta = {
  createdAt: new Date("2025-03-14T09:30:12.000Z"),
  model: "gpt-4o-mini",
  promptVersion: "v1",
};
