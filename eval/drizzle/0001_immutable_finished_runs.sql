-- A finished run is a record of what a prompt version did: its results never change.
CREATE TRIGGER `eval_results_no_insert_into_finished_run`
BEFORE INSERT ON `eval_results`
WHEN (SELECT `status` FROM `eval_runs` WHERE `id` = NEW.`run_id`) = 'finished'
BEGIN
  SELECT RAISE(ABORT, 'eval run is finished and immutable');
END;
--> statement-breakpoint
CREATE TRIGGER `eval_results_no_update_in_finished_run`
BEFORE UPDATE ON `eval_results`
WHEN (SELECT `status` FROM `eval_runs` WHERE `id` = OLD.`run_id`) = 'finished'
BEGIN
  SELECT RAISE(ABORT, 'eval run is finished and immutable');
END;
--> statement-breakpoint
CREATE TRIGGER `eval_results_no_delete_in_finished_run`
BEFORE DELETE ON `eval_results`
WHEN (SELECT `status` FROM `eval_runs` WHERE `id` = OLD.`run_id`) = 'finished'
BEGIN
  SELECT RAISE(ABORT, 'eval run is finished and immutable');
END;
--> statement-breakpoint
CREATE TRIGGER `eval_runs_finished_is_final`
BEFORE UPDATE ON `eval_runs`
WHEN OLD.`status` = 'finished'
BEGIN
  SELECT RAISE(ABORT, 'eval run is finished and immutable');
END;
--> statement-breakpoint
CREATE TRIGGER `eval_runs_no_delete_finished`
BEFORE DELETE ON `eval_runs`
WHEN OLD.`status` = 'finished'
BEGIN
  SELECT RAISE(ABORT, 'eval run is finished and immutable');
END;
