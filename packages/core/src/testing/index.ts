// Test helpers for the app's and the eval's tests: adversarial text, work counters that are not
// clocks, summary requests, and a fake OpenAI-compatible server that speaks the real wire protocol.
export * from "./adversarial-text";
export * from "./fake-openai-server";
export { buildSummaryRequest } from "./summary-request";
export { collectionLookups, regexInputCharacters } from "./work-proxies";
