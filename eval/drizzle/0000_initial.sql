CREATE TABLE `eval_cache` (
	`key` text PRIMARY KEY NOT NULL,
	`output` text NOT NULL,
	`input_tokens` integer,
	`output_tokens` integer,
	`tokens_estimated` integer,
	`cost_usd` real,
	`latency_ms` real,
	`ttft_ms` real,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `eval_results` (
	`id` text PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`case_id` text NOT NULL,
	`notes` text NOT NULL,
	`reference` text NOT NULL,
	`section` text,
	`output` text NOT NULL,
	`output_hash` text NOT NULL,
	`scores` text,
	`grounding` real,
	`judge_clarity` real,
	`input_tokens` integer,
	`output_tokens` integer,
	`tokens_estimated` integer,
	`cost_usd` real,
	`latency_ms` real,
	`ttft_ms` real,
	`cached` integer NOT NULL,
	`error_code` text,
	`error_message` text,
	FOREIGN KEY (`run_id`) REFERENCES `eval_runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `eval_results_run_case` ON `eval_results` (`run_id`,`case_id`);--> statement-breakpoint
CREATE TABLE `eval_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`prompt_id` text NOT NULL,
	`prompt_version` text NOT NULL,
	`prompt_hash` text NOT NULL,
	`provider` text NOT NULL,
	`model` text NOT NULL,
	`params` text NOT NULL,
	`dataset_path` text NOT NULL,
	`dataset_hash` text NOT NULL,
	`case_count` integer NOT NULL,
	`git_commit` text,
	`status` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`aggregates` text,
	`total_cost_usd` real,
	`latency_p50_ms` real,
	`latency_p95_ms` real
);
--> statement-breakpoint
CREATE INDEX `eval_runs_prompt` ON `eval_runs` (`prompt_hash`,`dataset_hash`);--> statement-breakpoint
CREATE TABLE `ratings` (
	`id` text PRIMARY KEY NOT NULL,
	`prompt_id` text NOT NULL,
	`prompt_version` text NOT NULL,
	`prompt_hash` text NOT NULL,
	`case_id` text NOT NULL,
	`output_hash` text NOT NULL,
	`rater` text NOT NULL,
	`clarity` integer NOT NULL,
	`comment` text,
	`source` text NOT NULL,
	`rated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ratings_one_per_rater` ON `ratings` (`prompt_hash`,`case_id`,`output_hash`,`rater`);--> statement-breakpoint
CREATE INDEX `ratings_prompt` ON `ratings` (`prompt_hash`);