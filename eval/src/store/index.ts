// The eval store (SQLite): runs, their per-case results, and human clarity ratings.
export * from "./db";
export * from "./ratings";
export * from "./runs";
export * from "./schema";
export * from "./snapshots";
