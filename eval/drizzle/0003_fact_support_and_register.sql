ALTER TABLE `eval_results` ADD `fact_support` real;--> statement-breakpoint
ALTER TABLE `eval_results` ADD `fact_issues` text;--> statement-breakpoint
ALTER TABLE `eval_results` ADD `conversational` real;--> statement-breakpoint
ALTER TABLE `eval_results` ADD `conversational_lines` text;