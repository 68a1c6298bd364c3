CREATE TABLE `summary_ratings` (
	`id` text PRIMARY KEY NOT NULL,
	`summary_id` text NOT NULL,
	`rater_id` text NOT NULL,
	`clarity` integer NOT NULL,
	`comment` text,
	`prompt_id` text NOT NULL,
	`prompt_version` text NOT NULL,
	`prompt_hash` text NOT NULL,
	`output_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`summary_id`) REFERENCES `summaries`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `summary_ratings_one_per_rater` ON `summary_ratings` (`summary_id`,`rater_id`);--> statement-breakpoint
CREATE INDEX `summary_ratings_created` ON `summary_ratings` (`created_at`);--> statement-breakpoint
CREATE TABLE `summary_revisions` (
	`id` text PRIMARY KEY NOT NULL,
	`summary_id` text NOT NULL,
	`text` text NOT NULL,
	`author_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`summary_id`) REFERENCES `summaries`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `summary_revisions_summary_created` ON `summary_revisions` (`summary_id`,`created_at`);