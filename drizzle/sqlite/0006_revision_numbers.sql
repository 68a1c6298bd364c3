-- Number the revisions each summary already has (1 = oldest) so every edit can name the one it was based on.
-- SQLite cannot add a NOT NULL column without a default; the model always sets it.
ALTER TABLE `summary_revisions` ADD `number` integer NOT NULL DEFAULT 0;--> statement-breakpoint
UPDATE `summary_revisions` SET `number` = (SELECT count(*) FROM `summary_revisions` AS o WHERE o.`summary_id` = `summary_revisions`.`summary_id` AND (o.`created_at` < `summary_revisions`.`created_at` OR (o.`created_at` = `summary_revisions`.`created_at` AND o.`id` <= `summary_revisions`.`id`)));--> statement-breakpoint
CREATE UNIQUE INDEX `summary_revisions_one_per_number` ON `summary_revisions` (`summary_id`,`number`);
