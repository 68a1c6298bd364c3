import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./app/db/schema.pg.server.ts",
  out: "./drizzle/pg",
});
