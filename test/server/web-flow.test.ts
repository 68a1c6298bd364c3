import { afterAll, describe, expect, it } from "vitest";

import { EXAMPLE_CONSULTATION } from "../../app/consultations/example-consultation";
import { makeDataDir, startAppServer, type AppServer } from "../support/app-server";
import { deltaText, openSse } from "../support/sse";
import { WebSession } from "../support/web-session";

const servers: AppServer[] = [];

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
});

async function start(dataDir: string): Promise<AppServer> {
  const server = await startAppServer({ dataDir });
  servers.push(server);
  return server;
}

async function submitForm(server: AppServer, fields: Record<string, string>): Promise<Response> {
  return new WebSession(server.url).postForm("/?index", fields);
}

function summaryIdFromPage(html: string): string {
  const match = /"summary":\{"id":"([0-9a-f-]{36})"/.exec(html);
  if (!match) throw new Error("no summary id in the page");
  return match[1]!;
}

describe("the clinician's flow over HTTP", () => {
  const dataDir = makeDataDir();

  it("creates a consultation from the form, streams its summary, and keeps everything across a restart", async () => {
    const first = await start(dataDir);
    const created = await submitForm(first, { title: "Cough, Mrs Example", notes: EXAMPLE_CONSULTATION });
    expect(created.status).toBe(302);
    const location = created.headers.get("location")!;
    expect(location).toMatch(/^\/consultations\/[0-9a-f-]{36}$/);
    // PHI never goes into URLs.
    expect(location).not.toMatch(/cough/i);

    const page = await fetch(`${first.url}${location}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-store");
    const html = await page.text();
    expect(html).toContain("Cough, Mrs Example");
    expect(html).toContain("Local mode — no sign-in.");
    const summaryId = summaryIdFromPage(html);

    const live = await openSse(`${first.url}/resources/summaries/${summaryId}/stream`);
    await live.finished;
    expect(live.events[0]!.event).toBe("meta");
    expect(live.events.at(-1)!.event).toBe("done");
    const text = deltaText(live.events);
    expect(text).toContain("## ");

    const list = await (await fetch(first.url)).text();
    expect(list).toContain("Cough, Mrs Example");

    expect(await first.stop()).toBe(0);
    const second = await start(dataDir);
    const after = await (await fetch(`${second.url}${location}`)).text();
    expect(after).toContain("Cough, Mrs Example");
    expect(after).toContain("doxycycline 100 mg twice a day");

    const replay = await openSse(`${second.url}/resources/summaries/${summaryId}/stream`);
    await replay.finished;
    expect(deltaText(replay.events)).toBe(text);
    expect(replay.events.at(-1)!.event).toBe("done");
  });

  it("searches the list by a posted form, so the patient reference is in no URL", async () => {
    const server = await start(makeDataDir());
    const session = new WebSession(server.url);
    for (const title of ["Mrs Searchable, bed 3", "Mr Other, bed 4"]) {
      expect((await session.postForm("/?index", { title, notes: EXAMPLE_CONSULTATION })).status).toBe(302);
    }

    // What the page's fetcher sends, and what it gets back.
    const fetched = await session.postForm("/?index&_data=routes%2F_index", {
      intent: "search",
      q: "SEARCHABLE",
    });
    expect(fetched.status).toBe(200);
    const { search } = (await fetched.json()) as {
      search: { query: string; consultations: { title: string }[] };
    };
    expect(search.query).toBe("SEARCHABLE");
    expect(search.consultations.map((item) => item.title)).toEqual(["Mrs Searchable, bed 3"]);

    // Without JavaScript the same form posts the whole page.
    const page = await session.postForm("/?index", { intent: "search", q: "searchable" });
    expect(page.status).toBe(200);
    const html = await page.text();
    const shown = /<ul class="consultation-list">.*?<\/ul>/s.exec(html)?.[0];
    expect(shown).toContain("Mrs Searchable, bed 3");
    expect(shown).not.toContain("Mr Other, bed 4");
    expect(html).not.toMatch(/[?&]q=/);

    // A reference in the query string is not a search.
    const listed = await (await session.get("/?q=Searchable")).text();
    expect(listed).toContain("Mr Other, bed 4");
  });

  it("re-shows the form with a clear message when the notes are empty", async () => {
    const server = await start(makeDataDir());
    const response = await submitForm(server, { notes: "   " });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Paste the consultation notes or transcript.");
  });

  it("regenerates: a new summary, the old one kept", async () => {
    const server = await start(makeDataDir());
    const session = new WebSession(server.url);
    const created = await session.postForm("/?index", { notes: EXAMPLE_CONSULTATION });
    const location = created.headers.get("location")!;
    const firstId = summaryIdFromPage(await (await fetch(`${server.url}${location}`)).text());
    await (
      await openSse(`${server.url}/resources/summaries/${firstId}/stream`)
    ).finished;

    const regenerated = await session.postForm(location, { intent: "regenerate" });
    expect(regenerated.status).toBe(302);
    const html = await (await fetch(`${server.url}${location}`)).text();
    const secondId = summaryIdFromPage(html);
    expect(secondId).not.toBe(firstId);
    expect(html).toContain("Earlier summaries (1)");
  });

  it("refuses a form post far over the size limit with 413 before reading it", async () => {
    const server = await start(makeDataDir());
    const response = await submitForm(server, { notes: "a".repeat(3 * 1024 * 1024) });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("body_too_large");
  });

  it("keeps a form post just over the notes limit as a clear message, not a crash", async () => {
    const server = await start(makeDataDir());
    const response = await submitForm(server, { notes: "a".repeat(100_001) });
    expect(response.status).toBe(413);
    expect(await response.text()).toContain("the limit is 100,000");
  });

  it("answers 404 for a consultation that does not exist", async () => {
    const server = await start(makeDataDir());
    const response = await fetch(`${server.url}/consultations/00000000-0000-0000-0000-000000000000`);
    expect(response.status).toBe(404);
  });
});
