// Comparing two stored runs case by case, and the report's renderers.
export { mulberry32 } from "./bootstrap";
export * from "./compare-runs";
export { renderHtml } from "./html/page";
