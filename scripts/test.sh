#!/usr/bin/env bash
# The project's test command (README, .ci/run): builds in release (numeric code is too slow in
# debug for the real-model tests), checks the kernels' machine code (x86), fetches the three demo
# models into $FUSECHAT_HOME if missing, then runs every test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v python3 >/dev/null || { apt-get update -qq && apt-get install -y -qq python3 python3-pip; }
swift build -c release -Xswiftc -enable-testing --build-tests
if [ "$(uname -m)" = x86_64 ]; then
    command -v objdump >/dev/null || { apt-get update -qq && apt-get install -y -qq binutils; }
    bash scripts/check-kernel-codegen.sh
fi
.build/release/fusechat models fetch
swift test -c release -Xswiftc -enable-testing --skip-build "$@"
