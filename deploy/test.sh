#!/usr/bin/env bash
# The test command: bash deploy/test.sh [extra dotnet test arguments, e.g. --filter Category=Fast]
#
# Integration tests need a real RabbitMQ and PostgreSQL. Unless COORDINATION_TEST_RABBITMQ /
# COORDINATION_TEST_POSTGRES already point at servers, this starts throwaway ones on ports that do
# not clash with a development RabbitMQ (5672) or PostgreSQL (5432), runs the whole solution's
# tests, and prints "N passed, N failed" as the last line. Exits non-zero if dotnet test failed,
# any test failed, or no test passed. Whatever it started is stopped on exit, even on Ctrl-C.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
# shellcheck source=deploy/lib.sh
source "$here/lib.sh"
cd "$repo"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

readonly rabbit_node=coordtest@localhost rabbit_port=5673 pg_port=5433
# World-traversable, so the rabbitmq and postgres users can reach their directories inside it.
work=$(mktemp -d "${TMPDIR:-/tmp}/coordination-test.XXXXXX")
chmod 755 "$work"

rabbit_started=0 pg_started=0 summary=""
# shellcheck disable=SC2317 # called by the EXIT trap
on_exit() {
  local status=$?
  # A second Ctrl-C must not interrupt the stopping (RabbitMQ takes a few seconds).
  trap - EXIT
  trap '' INT TERM
  # Each step runs even if an earlier one fails.
  if [[ $rabbit_started == 1 ]]; then rabbit_stop "$rabbit_node" "$work/rabbitmq" "$RMQ_STARTED_EPMD" || true; fi
  if [[ $pg_started == 1 ]]; then pg_stop "$work/postgres" || true; fi
  rm -rf "$work" || true
  # The summary is the very last line of the output.
  if [[ -n $summary ]]; then echo "$summary"; fi
  exit "$status"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Flags are set before the start returns, so an interrupted start is still cleaned up.
if [[ -z ${COORDINATION_TEST_POSTGRES:-} ]]; then
  ensure_postgresql_installed
  pg_started=1
  pg_start "$work/postgres" "$pg_port"
  export COORDINATION_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
else
  say "Using PostgreSQL from COORDINATION_TEST_POSTGRES"
fi

if [[ -z ${COORDINATION_TEST_RABBITMQ:-} ]]; then
  ensure_rabbitmq_installed
  rabbit_started=1
  rabbit_start "$rabbit_node" "$rabbit_port" "$work/rabbitmq"
  export COORDINATION_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:$rabbit_port/"
  # Each test assembly makes a virtual host of its own on this node (TestEnvironment), so the
  # service processes of two assemblies running at once never share a queue.
  export COORDINATION_TEST_RABBITMQ_NODE=$rabbit_node
else
  say "Using RabbitMQ from COORDINATION_TEST_RABBITMQ"
fi

# Results go to TestResults/ (git-ignored, kept for CI artifacts). Old .trx files are removed
# first so the summary counts this run only.
results=$repo/TestResults
mkdir -p "$results"
find "$results" -name '*.trx' -type f -delete

sln=$(solution_file "$repo")
say "dotnet test $sln -c Release $*"
test_status=0
dotnet test "$sln" -c Release --logger "trx;LogFilePrefix=results" --results-directory "$results" "$@" ||
  test_status=$?

summarize_trx "$results"
summary=$TRX_SUMMARY
((TRX_FILES > 0)) || warn "no .trx files in $results"
status=0
if ((test_status != 0)); then warn "dotnet test exited with $test_status"; status=1; fi
if ((TRX_FAILED > 0)); then status=1; fi
if ((TRX_PASSED == 0)); then warn "no test passed"; status=1; fi

exit "$status" # on_exit stops the servers, then prints the summary
