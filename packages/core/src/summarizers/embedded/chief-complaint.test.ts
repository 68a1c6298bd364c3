import { describe, expect, it } from "vitest";

import { asChiefComplaint } from "./chief-complaint";

describe("asChiefComplaint", () => {
  it("writes the complaint without the reporting verb or a pointing word", () => {
    expect(asChiefComplaint("Reports this pain in the lower back for about 3 weeks.")).toBe(
      "Pain in the lower back for about 3 weeks.",
    );
    expect(asChiefComplaint("Has been having a cough for 2 weeks.")).toBe("Cough for 2 weeks.");
    expect(asChiefComplaint("Complains of headaches.")).toBe("Headaches.");
  });

  it("keeps a line that does not start by reporting, or that would leave only a pointing word", () => {
    expect(asChiefComplaint("Right knee pain after a fall.")).toBe("Right knee pain after a fall.");
    expect(asChiefComplaint("Reports this.")).toBe("Reports this.");
    expect(asChiefComplaint("Reporting chest pain.")).toBe("Reporting chest pain.");
  });
});
