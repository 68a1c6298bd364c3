#!/usr/bin/env bash
# Prints the prompt versions to gate for the change from the commit $1 to HEAD, one "<id>/vN" per
# line: every added or modified prompts/<id>/vN.md, and the deployed version of every id whose
# pointer in prompts/deployed.json changed. A new prompt id's first version is gated like any other
# (ADR 015): no version deploys below the clarity target.
set -euo pipefail
base="$1"
before=$(git show "$base:prompts/deployed.json" 2>/dev/null || echo '{}')
{
  git diff --name-only --diff-filter=AMR "$base" HEAD -- 'prompts/*/v*.md' \
    | sed -nE 's#^prompts/([a-z0-9-]+)/(v[0-9]+)\.md$#\1/\2#p'
  BEFORE_JSON="$before" node -e '
    const before = JSON.parse(process.env.BEFORE_JSON);
    const now = require("./prompts/deployed.json");
    for (const [id, version] of Object.entries(now)) if (before[id] !== version) console.log(`${id}/${version}`);'
} | sort -u
