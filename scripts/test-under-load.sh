#!/usr/bin/env bash
# The test suite beside a CPU hog on every core (issue 12: the suite must
# hold on a loaded machine). Prints the suite's wall time and exit status.
# Extra arguments go to vitest (e.g. a subset of files).
#   make test-under-load            # the whole suite
#   bash scripts/test-under-load.sh gen/tools tools/cli/errors.test.ts
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -t 1 ]; then export NO_COLOR=1; fi
cores=$(nproc)
hogs=()
stop_hogs() { for p in "${hogs[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap stop_hogs EXIT INT TERM
for _ in $(seq "$cores"); do
  node -e 'for (;;) {}' &
  hogs+=("$!")
done
echo "test-under-load: ${#hogs[@]} CPU hogs on ${cores} cores (pids ${hogs[*]})" >&2
start=$(date +%s)
npx vitest run "$@"
status=$?
end=$(date +%s)
echo "test-under-load: vitest exit status ${status}, $((end - start)) s wall time beside ${#hogs[@]} CPU hogs" >&2
exit "$status"
