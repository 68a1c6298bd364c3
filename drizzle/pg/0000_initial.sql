CREATE TABLE "audit_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp (3) with time zone NOT NULL,
	"actor_id" text NOT NULL,
	"actor_role" text NOT NULL,
	"action" text NOT NULL,
	"outcome" text NOT NULL,
	"consultation_id" text,
	"summary_id" text,
	"detail" text
);
--> statement-breakpoint
CREATE TABLE "consultations" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_id" text NOT NULL,
	"title" text,
	"notes" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limit_windows" (
	"key" text NOT NULL,
	"window_start" timestamp (3) with time zone NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "rate_limit_windows_key_window_start_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
CREATE TABLE "summaries" (
	"id" text PRIMARY KEY NOT NULL,
	"consultation_id" text NOT NULL,
	"status" text NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	"prompt_id" text NOT NULL,
	"prompt_version" text NOT NULL,
	"prompt_hash" text NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"input_tokens" integer,
	"output_tokens" integer,
	"tokens_estimated" boolean,
	"cost_usd" double precision,
	"ttft_ms" integer,
	"latency_ms" integer,
	"error_code" text,
	"error_message" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"finished_at" timestamp (3) with time zone,
	"heartbeat_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "summary_ratings" (
	"id" text PRIMARY KEY NOT NULL,
	"summary_id" text NOT NULL,
	"rater_id" text NOT NULL,
	"clarity" integer NOT NULL,
	"comment" text,
	"prompt_id" text NOT NULL,
	"prompt_version" text NOT NULL,
	"prompt_hash" text NOT NULL,
	"output_hash" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "summary_revisions" (
	"id" text PRIMARY KEY NOT NULL,
	"summary_id" text NOT NULL,
	"text" text NOT NULL,
	"author_id" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "summaries" ADD CONSTRAINT "summaries_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "summary_ratings" ADD CONSTRAINT "summary_ratings_summary_id_summaries_id_fk" FOREIGN KEY ("summary_id") REFERENCES "public"."summaries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "summary_revisions" ADD CONSTRAINT "summary_revisions_summary_id_summaries_id_fk" FOREIGN KEY ("summary_id") REFERENCES "public"."summaries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_at" ON "audit_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_events_consultation" ON "audit_events" USING btree ("consultation_id");--> statement-breakpoint
CREATE INDEX "consultations_owner_created" ON "consultations" USING btree ("owner_id","created_at");--> statement-breakpoint
CREATE INDEX "summaries_consultation_created" ON "summaries" USING btree ("consultation_id","created_at");--> statement-breakpoint
CREATE INDEX "summaries_status" ON "summaries" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "summary_ratings_one_per_rater" ON "summary_ratings" USING btree ("summary_id","rater_id");--> statement-breakpoint
CREATE INDEX "summary_ratings_created" ON "summary_ratings" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "summary_revisions_summary_created" ON "summary_revisions" USING btree ("summary_id","created_at");