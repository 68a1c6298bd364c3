/** What the workbench shows before anyone has run an evaluation into the eval store. */
export function ReviewEmptyState({ command }: { command: string }) {
  return (
    <section className="card review-empty" aria-labelledby="review-empty-title">
      <h2 id="review-empty-title">No eval store yet</h2>
      <p>
        The workbench reads the eval package&apos;s store (<code>EVAL_DB</code>, by default{" "}
        <code>eval/.data/eval.sqlite</code>), and there is none yet. Run a prompt version over a dataset
        first, from the repository root:
      </p>
      <pre className="review-command">{command}</pre>
      <p className="muted small">
        Then reload this page: its figures, gate status and review queue come from that run. See{" "}
        <code>eval/README.md</code> for the other commands.
      </p>
    </section>
  );
}
