#!/usr/bin/env bash
# Gates every prompt version given as an argument and writes a Markdown report for the pull
# request. Exits non-zero (the gate's own code) when any version fails or cannot be evaluated.
set -uo pipefail
report="${REPORT_FILE:-prompt-gate-report.md}"
deployed=$(node -p 'require("./prompts/deployed.json")["consultation-summary"]')
dataset=$(node -p 'require("./eval/gate.config.json").dataset')
provider=$(node -p 'require("./eval/gate.config.json").provider')
worst=0
: > "$report"
for version in "$@"; do
  npm run --silent eval -- gate --prompt "$version" --markdown gate-section.md
  status=$?
  cat gate-section.md >> "$report" 2>/dev/null || echo "### Prompt gate for $version: tool error (exit $status)" >> "$report"
  if [ "$version" != "$deployed" ] && [ "$status" -ne 1 ]; then
    npm run --silent eval -- run --prompt "$deployed,$version" --dataset "$dataset" --provider "$provider" > /dev/null
    printf '\n' >> "$report"
    npm run --silent eval -- compare "$deployed" "$version" --metric rougeLsum --format markdown >> "$report"
  fi
  printf '\n' >> "$report"
  if [ "$status" -ne 0 ] && { [ "$worst" -eq 0 ] || [ "$status" -eq 100 ]; }; then worst=$status; fi
done
exit "$worst"
