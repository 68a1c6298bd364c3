import { describe, expect, it } from "vitest";

import { auditEventsCsv, csvCell, type AuditEvent } from "./audit.server";

function event(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: 1,
    at: new Date("2025-01-02T03:04:05.678Z"),
    actorId: "user_123",
    actorRole: "clinician",
    action: "view",
    outcome: "allowed",
    consultationId: "c-1",
    summaryId: null,
    detail: null,
    targetHost: null,
    httpStatus: null,
    remoteId: null,
    ...overrides,
  };
}

async function csvOf(...batches: AuditEvent[][]): Promise<string> {
  let csv = "";
  for await (const piece of auditEventsCsv(batches)) csv += piece;
  return csv;
}

describe("audit CSV", () => {
  it("has a header row and CRLF-terminated records, batch after batch", async () => {
    const pushed = event({
      id: 3,
      action: "fhir_push",
      detail: "created",
      targetHost: "ehr.example.org",
      httpStatus: 201,
      remoteId: "doc-9",
    });
    expect(await csvOf([event()], [event({ id: 2, consultationId: null }), pushed])).toBe(
      "id,at,actor_id,actor_role,action,outcome,consultation_id,summary_id,detail,target_host,http_status,remote_id\r\n" +
        "1,2025-01-02T03:04:05.678Z,user_123,clinician,view,allowed,c-1,,,,,\r\n" +
        "2,2025-01-02T03:04:05.678Z,user_123,clinician,view,allowed,,,,,,\r\n" +
        "3,2025-01-02T03:04:05.678Z,user_123,clinician,fhir_push,allowed,c-1,,created,ehr.example.org,201,doc-9\r\n",
    );
    expect(await csvOf()).toBe(
      "id,at,actor_id,actor_role,action,outcome,consultation_id,summary_id,detail,target_host,http_status,remote_id\r\n",
    );
  });

  it("quotes cells with commas, quotes and line breaks (RFC 4180)", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("line1\nline2")).toBe('"line1\nline2"');
    expect(csvCell("line1\r\nline2")).toBe('"line1\r\nline2"');
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell(null)).toBe("");
  });

  it("neutralises cells a spreadsheet would run as a formula", async () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell("a=b")).toBe("a=b");
    const csv = await csvOf([event({ actorId: "=cmd|' /C calc'!A0", detail: "x,y" })]);
    expect(csv).toContain(",'=cmd|' /C calc'!A0,");
    expect(csv).toContain(',"x,y",,,\r\n');
  });
});
