-- Number the revisions each summary already has (1 = oldest) so every edit can name the one it was based on.
ALTER TABLE "summary_revisions" ADD COLUMN "number" integer NOT NULL DEFAULT 0;--> statement-breakpoint
UPDATE "summary_revisions" AS r SET "number" = (SELECT count(*) FROM "summary_revisions" AS o WHERE o."summary_id" = r."summary_id" AND (o."created_at" < r."created_at" OR (o."created_at" = r."created_at" AND o."id" <= r."id")));--> statement-breakpoint
ALTER TABLE "summary_revisions" ALTER COLUMN "number" DROP DEFAULT;--> statement-breakpoint
CREATE UNIQUE INDEX "summary_revisions_one_per_number" ON "summary_revisions" USING btree ("summary_id","number");
