CREATE TABLE "review_ratings" (
	"id" text PRIMARY KEY NOT NULL,
	"prompt_id" text NOT NULL,
	"prompt_version" text NOT NULL,
	"prompt_hash" text NOT NULL,
	"case_id" text NOT NULL,
	"output_hash" text NOT NULL,
	"rater_id" text NOT NULL,
	"clarity" integer NOT NULL,
	"comment" text,
	"source" text NOT NULL,
	"rated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "review_ratings_one_per_rater" ON "review_ratings" USING btree ("prompt_hash","case_id","output_hash","rater_id");--> statement-breakpoint
CREATE INDEX "review_ratings_rated" ON "review_ratings" USING btree ("rated_at");