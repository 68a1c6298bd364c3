#!/usr/bin/env bash
# Gates every prompt version given as an argument ("<id>/vN", or "vN" for consultation-summary) and
# writes a Markdown report for the pull request. Exits non-zero (the gate's own code) when any
# version fails or cannot be evaluated. Every prompt id is gated with the same eval/gate.config.json.
set -uo pipefail
report="${REPORT_FILE:-prompt-gate-report.md}"
dataset=$(node -p 'require("./eval/gate.config.json").dataset')
provider=$(node -p 'require("./eval/gate.config.json").provider')
worst=0
: > "$report"
for entry in "$@"; do
  case "$entry" in
    */*) id="${entry%/*}" version="${entry##*/}" ;;
    *) id="consultation-summary" version="$entry" ;;
  esac
  deployed=$(ID="$id" node -p 'require("./prompts/deployed.json")[process.env.ID] ?? ""')
  npm run --silent eval -- --prompt-id "$id" gate --prompt "$version" --markdown gate-section.md
  status=$?
  { echo "#### $id"; cat gate-section.md; } >> "$report" 2>/dev/null || echo "### Prompt gate for $id $version: tool error (exit $status)" >> "$report"
  if [ -n "$deployed" ] && [ "$version" != "$deployed" ] && [ "$status" -ne 1 ]; then
    npm run --silent eval -- --prompt-id "$id" run --prompt "$deployed,$version" --dataset "$dataset" --provider "$provider" > /dev/null
    printf '\n' >> "$report"
    npm run --silent eval -- --prompt-id "$id" compare "$deployed" "$version" --metric rougeLsum --format markdown >> "$report"
  fi
  printf '\n' >> "$report"
  if [ "$status" -ne 0 ] && { [ "$worst" -eq 0 ] || [ "$status" -eq 100 ]; }; then worst=$status; fi
done
exit "$worst"
