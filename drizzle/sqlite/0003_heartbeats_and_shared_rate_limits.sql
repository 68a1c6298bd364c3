CREATE TABLE `rate_limit_windows` (
	`key` text NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`key`, `window_start`)
);
--> statement-breakpoint
ALTER TABLE `summaries` ADD `heartbeat_at` integer;--> statement-breakpoint
CREATE INDEX `summaries_status` ON `summaries` (`status`);