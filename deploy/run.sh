#!/usr/bin/env bash
# The run command: start the whole suite (RabbitMQ, five services, the gateway) on this machine.
#
#   bash deploy/run.sh              build (Release), start everything, wait; Ctrl-C stops it all
#   bash deploy/run.sh --no-build   same, with the binaries already built
#   bash deploy/run.sh --postgres   on PostgreSQL: a local cluster in .data/postgres, one database
#                                   per host (combine with --no-build); SQLite files are the default
#   bash deploy/run.sh --cluster    PostgreSQL (as --postgres), a three-node RabbitMQ cluster with
#                                   quorum queues, two replicas of every service behind the gateway
#   bash deploy/run.sh stop         stop a suite started earlier (from another terminal, or after
#                                   the script itself was killed)
#
# Cluster ports: RabbitMQ coord-c1..3@localhost on 5675-5677 (distribution 25675-25677); replica a
# of service N (households 1 .. ledger 6, as below) on gRPC 51N1 / HTTP 52N1, replica b on 53N1 /
# 54N1; the gateway on 5100/5200, with both replicas as destinations, probed on /health.
#
# Data (SQLite files, the RabbitMQ node's files) and logs live in .data/ in the repository.
# What was started is recorded in .data/run.pids as it is started; only that is ever stopped.
# A RabbitMQ already listening on 127.0.0.1:5672 is used as it is and left running.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
# shellcheck source=deploy/lib.sh
source "$here/lib.sh"
cd "$repo"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

data=$repo/.data
logs=$data/logs
pids_file=$data/run.pids
rabbit_port=${COORDINATION_RABBITMQ_PORT:-5672}
rabbit_node=coordination@localhost
pg_port=${COORDINATION_POSTGRES_PORT:-5432}
postgres=0
cluster=0
cluster_nodes=(coord-c1@localhost coord-c2@localhost coord-c3@localhost)
cluster_ports=(5675 5676 5677)
health_timeout=90

# name, output dll, gRPC (h2c) port, HTTP/1.1 port. The gateway comes last: it fronts the others.
hosts=(
  "households services/Households/bin/Release/net10.0/Coordination.Households.dll 5101 5201"
  "industry   services/Industry/bin/Release/net10.0/Coordination.Industry.dll     5102 5202"
  "education  services/Education/bin/Release/net10.0/Coordination.Education.dll   5103 5203"
  "medical    services/Medical/bin/Release/net10.0/Coordination.Medical.dll       5104 5204"
  "donors     services/Donors/bin/Release/net10.0/Coordination.Donors.dll         5105 5205"
  "ledger     services/Ledger/bin/Release/net10.0/Coordination.Ledger.dll         5106 5206"
  "gateway    gateway/bin/Release/net10.0/Coordination.Gateway.dll                5100 5200"
)

usage() { sed -n '2,13s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

# ---------------------------------------------------------------------------------------------
# Stopping: everything is driven by .data/run.pids, whose lines are
#   runner   PID                              this script, while it waits in the foreground
#   rabbitmq NODE STARTED_EPMD(0|1) BASE_DIR  only when this script started the node
#   rabbitcluster DIR STARTED_EPMD NODE...    the cluster mode's nodes
#   postgres DIR                              only in PostgreSQL mode
#   host     NAME PID DLL
# ---------------------------------------------------------------------------------------------

# Stop the recorded hosts (all at once, SIGTERM, then SIGKILL after 15 s), then the recorded
# RabbitMQ node, then forget them.
stop_recorded() {
  [[ -f $pids_file ]] || return 0
  local kind a b c stoppers=() rabbit=() cluster_line=() pg_dir=""
  while read -r kind a b c; do
    case $kind in
      host)
        kill -0 "$b" 2>/dev/null || continue # already gone
        say "Stopping $a (PID $b)"
        stop_pid "$b" "$c" 15 &
        stoppers+=($!)
        ;;
      rabbitmq) rabbit=("$a" "$c" "$b") ;; # rabbit_stop NODE BASE_DIR STARTED_EPMD
      rabbitcluster) read -r -a cluster_line <<<"$a $b $c" ;; # rabbit_cluster_stop DIR STARTED_EPMD NODE...
      postgres) pg_dir=$a ;;
    esac
  done <"$pids_file"
  ((${#stoppers[@]} == 0)) || wait "${stoppers[@]}" || true
  ((${#rabbit[@]} == 0)) || rabbit_stop "${rabbit[@]}" || true
  ((${#cluster_line[@]} == 0)) || rabbit_cluster_stop "${cluster_line[@]}" || true
  [[ -z $pg_dir ]] || pg_stop "$pg_dir" || true
  rm -f "$pids_file"
}

# PID of a live runner recorded in the pids file (nothing if there is none).
recorded_runner() {
  local kind pid rest
  [[ -f $pids_file ]] || return 0
  while read -r kind pid rest; do
    if [[ $kind == runner ]] && [[ -r /proc/$pid/cmdline ]] &&
      tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF run.sh; then
      echo "$pid"
    fi
  done <"$pids_file"
}

stop_command() {
  local runner
  if [[ ! -f $pids_file ]]; then
    say "Nothing to stop ($pids_file does not exist)"
    return 0
  fi
  runner=$(recorded_runner)
  if [[ -n $runner ]]; then
    # The foreground script is alive: let it stop its own suite (its trap does it).
    say "Asking deploy/run.sh (PID $runner) to stop the suite"
    kill -TERM "$runner"
    local deadline=$((SECONDS + 60))
    while kill -0 "$runner" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.5; done
    kill -0 "$runner" 2>/dev/null && die "PID $runner is still running after 60 s"
    [[ -f $pids_file ]] || { say "Stopped"; return 0; }
  fi
  stop_recorded
  say "Stopped"
}

# ---------------------------------------------------------------------------------------------
# Starting
# ---------------------------------------------------------------------------------------------

# A RabbitMQ that already listens on the port is used as it is. Otherwise start our own node;
# its data stays in .data/rabbitmq between runs.
ensure_rabbitmq() {
  if port_open "$rabbit_port"; then
    rabbit_note="already running, left alone"
    say "Using the RabbitMQ already listening on 127.0.0.1:$rabbit_port"
    return 0
  fi
  ensure_rabbitmq_installed
  local base=$data/rabbitmq epmd_flag=0
  # The node runs as the rabbitmq user; a repository under e.g. /root is out of its reach.
  if ! rabbit_prepare_base "$base"; then
    base=/var/tmp/coordination-rabbitmq
    warn "keeping the RabbitMQ node's files in $base instead"
  fi
  epmd_running || epmd_flag=1
  # Recorded before the start, so an interrupted start is still cleaned up.
  echo "rabbitmq $rabbit_node $epmd_flag $base" >>"$pids_file"
  rabbit_start "$rabbit_node" "$rabbit_port" "$base"
  rabbit_note="node $rabbit_node, started here"
}

# Cluster mode: three nodes of our own, kept in .data/rabbitmq-cluster between runs (a node
# restarted from its directory rejoins the cluster by itself).
ensure_rabbitmq_cluster() {
  ensure_rabbitmq_installed
  local dir=$data/rabbitmq-cluster epmd_flag=0 i args=()
  mkdir -p "$dir"
  is_root && chown rabbitmq:rabbitmq "$dir"
  if ! run_as "$(rabbit_user)" test -w "$dir"; then
    dir=/var/tmp/coordination-rabbitmq-cluster
    warn "keeping the RabbitMQ cluster's files in $dir instead"
  fi
  for i in "${!cluster_nodes[@]}"; do
    port_open "${cluster_ports[$i]}" && die "port ${cluster_ports[$i]} (RabbitMQ ${cluster_nodes[$i]}) is already in use"
    args+=("${cluster_nodes[$i]}" "${cluster_ports[$i]}")
  done
  epmd_running || epmd_flag=1
  # Recorded before the start, so an interrupted start is still cleaned up.
  echo "rabbitcluster $dir $epmd_flag ${cluster_nodes[*]}" >>"$pids_file"
  rabbit_cluster_start "$dir" "${args[@]}"
  rabbit_note="cluster ${cluster_nodes[*]}, started here"
}

# PostgreSQL mode: our own cluster, kept in .data/postgres between runs, one database per host.
ensure_postgres() {
  ensure_postgresql_installed
  pg_dir=$data/postgres
  # The cluster runs as the postgres user; a repository under e.g. /root is out of its reach.
  mkdir -p "$pg_dir"
  is_root && chown postgres:postgres "$pg_dir"
  if ! run_as postgres test -w "$pg_dir"; then
    pg_dir=/var/tmp/coordination-postgres
    warn "keeping the PostgreSQL cluster in $pg_dir instead"
  fi
  echo "postgres $pg_dir" >>"$pids_file"
  pg_start_kept "$pg_dir" "$pg_port" || die "PostgreSQL cannot use $pg_dir"
  local line name rest
  for line in "${hosts[@]}"; do
    read -r name rest <<<"$line"
    pg_create_database "$pg_dir" "$pg_port" "coordination_$name"
  done
}

# instances : the processes to start, one line each: "LABEL NAME DLL GRPC_PORT HTTP_PORT". One per
# host; in cluster mode two per service (LABEL NAME-a and NAME-b, on one database) and the gateway.
instances() {
  local line name dll grpc http n
  for line in "${hosts[@]}"; do
    read -r name dll grpc http <<<"$line"
    if ((cluster)) && [[ $name != gateway ]]; then
      n=${grpc: -1}
      echo "$name-a $name $dll 51${n}1 52${n}1"
      echo "$name-b $name $dll 53${n}1 54${n}1"
    else
      echo "$name $name $dll $grpc $http"
    fi
  done
}

# cluster_gateway_settings : print, one KEY=VALUE a line, the gateway's two destinations per
# cluster and the active health checks that take a dead replica out of rotation within seconds
# (the policy's default threshold: two failed probes). A gRPC cluster is probed on its h2c port:
# /health answers on both ports, here over the cluster's HTTP/2. The keys name clusters such as
# `ledger-grpc`, which no shell variable may be called: they reach the gateway through env(1).
cluster_gateway_settings() {
  local line name dll grpc http n kind c
  for line in "${hosts[@]}"; do
    read -r name dll grpc http <<<"$line"
    [[ $name == gateway ]] && continue
    n=${grpc: -1}
    for kind in grpc http; do
      c=ReverseProxy__Clusters__$name-$kind
      if [[ $kind == grpc ]]; then
        echo "${c}__Destinations__primary__Address=http://127.0.0.1:51${n}1"
        echo "${c}__Destinations__secondary__Address=http://127.0.0.1:53${n}1"
      else
        echo "${c}__Destinations__primary__Address=http://127.0.0.1:52${n}1"
        echo "${c}__Destinations__secondary__Address=http://127.0.0.1:54${n}1"
      fi
      echo "${c}__HealthCheck__Active__Enabled=true"
      echo "${c}__HealthCheck__Active__Interval=00:00:02"
      echo "${c}__HealthCheck__Active__Timeout=00:00:01"
      echo "${c}__HealthCheck__Active__Policy=ConsecutiveFailures"
      echo "${c}__HealthCheck__Active__Path=/health"
    done
  done
}

# start_host LABEL NAME DLL GRPC_PORT HTTP_PORT : start one host from its output folder (so its
# appsettings.json is found). `exec` makes the recorded PID the dotnet process itself.
start_host() {
  local label=$1 name=$2 dll=$3 grpc=$4 http=$5 i extra=()
  [[ -f $repo/$dll ]] || die "$dll does not exist (build failed, or run without --no-build)"
  (
    cd "$repo/$(dirname "$dll")"
    export ASPNETCORE_ENVIRONMENT=Development
    export Persistence__DataDirectory=$data/db
    export Messaging__RabbitMq__Port=$rabbit_port
    export Hosting__GrpcPort=$grpc Hosting__HttpPort=$http
    if ((postgres)); then
      export Persistence__Provider=PostgreSql
      export Persistence__ConnectionString="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=coordination_$name"
    fi
    # Thirteen pools share the server's connections (lib.sh allows 300).
    ((cluster == 0)) || Persistence__ConnectionString+=";Maximum Pool Size=20"
    if ((cluster)); then
      export Messaging__RabbitMq__Port=${cluster_ports[0]} Messaging__RabbitMq__QueueType=Quorum
      for i in "${!cluster_ports[@]}"; do export "Messaging__RabbitMq__ClusterNodes__$i=127.0.0.1:${cluster_ports[$i]}"; done
      [[ $name != gateway ]] || mapfile -t extra < <(cluster_gateway_settings)
    fi
    exec env "${extra[@]}" dotnet "$(basename "$dll")"
  ) >"$logs/$label.log" 2>&1 </dev/null &
  host_pids+=($!)
  host_names+=("$label")
  echo "host $label $! $(basename "$dll")" >>"$pids_file"
}

print_addresses() {
  local label name dll grpc http
  echo
  if ((postgres)); then
    echo "The Coordination suite is running (logs: .data/logs/<name>.log, data: PostgreSQL 127.0.0.1:$pg_port, databases coordination_<name>):"
  else
    echo "The Coordination suite is running (logs: .data/logs/<name>.log, data: .data/db):"
  fi
  printf '  %-13s %-28s %s\n' NAME "gRPC (h2c, plain text)" "HTTP/1.1"
  while read -r label name dll grpc http; do
    printf '  %-13s %-28s %s\n' "$label" "127.0.0.1:$grpc" "http://127.0.0.1:$http"
  done < <(instances)
  if ((cluster)); then
    printf '  %-13s %s (%s)\n' rabbitmq "amqp://guest:guest@127.0.0.1:{${cluster_ports[*]}}/" "$rabbit_note"
  else
    printf '  %-13s %s (%s)\n' rabbitmq "amqp://guest:guest@127.0.0.1:$rabbit_port/" "$rabbit_note"
  fi
  echo
  echo "The gateway is the front door: gRPC 127.0.0.1:5100, REST (JSON) http://127.0.0.1:5200."
  echo "Try:"
  echo "  curl http://127.0.0.1:5200/health"
  echo "  TOKEN=\$(curl -s http://127.0.0.1:5200/connect/token -d grant_type=client_credentials \\"
  echo "      -d client_id=dev-coordinator -d client_secret=dev-coordinator-secret | sed -nE 's/.*\"access_token\": *\"([^\"]+)\".*/\\1/p')"
  echo "  curl http://127.0.0.1:5200/api/v1/households/<id> -H \"authorization: Bearer \$TOKEN\"   (README.md: registering one, the development clients)"
  read -r label name dll grpc http < <(instances)
  echo "  grpcurl -plaintext 127.0.0.1:$grpc list                  (reflection: on each service's own port)"
  echo
  echo "Ctrl-C here, or 'bash deploy/run.sh stop' elsewhere, stops everything started here."
}

# shellcheck disable=SC2317 # called by the EXIT trap
on_exit() {
  local status=$?
  trap - EXIT
  trap '' INT TERM # a second Ctrl-C must not cut the stopping short
  echo
  stop_recorded || true
  exit "$status"
}

run_command() {
  local build=$1 line label name dll grpc http runner started_list=()

  mkdir -p "$data" "$logs" "$data/db"
  runner=$(recorded_runner)
  [[ -z $runner ]] || die "the suite is already running (PID $runner); stop it with: bash deploy/run.sh stop"
  if [[ -f $pids_file ]]; then
    say "Stopping what an earlier run left behind"
    stop_recorded
  fi

  # Fail before starting anything if a port is taken.
  mapfile -t started_list < <(instances)
  for line in "${started_list[@]}"; do
    read -r label name dll grpc http <<<"$line"
    port_open "$grpc" && die "port $grpc ($label gRPC) is already in use"
    port_open "$http" && die "port $http ($label HTTP) is already in use"
  done

  if [[ $build == 1 ]]; then
    local sln started
    sln=$(solution_file "$repo")
    started=$(now)
    say "Building $sln (Release)"
    dotnet build "$sln" -c Release --nologo -v quiet || die "the build failed"
    say "Built ($(elapsed_since "$started") s)"
  fi

  echo "runner $$" >"$pids_file"
  trap on_exit EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  if ((cluster)); then ensure_rabbitmq_cluster; else ensure_rabbitmq; fi
  ((postgres == 0)) || ensure_postgres

  host_pids=() host_names=()
  for line in "${started_list[@]}"; do
    read -r label name dll grpc http <<<"$line"
    say "Starting $label (gRPC 127.0.0.1:$grpc, HTTP 127.0.0.1:$http)"
    start_host "$label" "$name" "$dll" "$grpc" "$http"
  done

  # One deadline for all hosts: they start in parallel.
  local deadline=$((SECONDS + health_timeout)) i rc
  for i in "${!host_pids[@]}"; do
    read -r label name dll grpc http <<<"${started_list[$i]}"
    rc=0
    wait_http "http://127.0.0.1:$http/health" $((deadline > SECONDS ? deadline - SECONDS : 1)) \
      "${host_pids[$i]}" || rc=$?
    if ((rc != 0)); then
      if ((rc == 2)); then warn "$label exited while starting"; else warn "$label is not healthy after ${health_timeout}s"; fi
      echo "--- .data/logs/$label.log (last 40 lines)" >&2
      tail -n 40 "$logs/$label.log" >&2 || true
      exit 1
    fi
    say "$label is healthy"
  done

  print_addresses

  # Wait until a host exits on its own (then stop the rest) or a signal arrives (trap).
  wait -n "${host_pids[@]}" || true
  for i in "${!host_pids[@]}"; do
    if ! kill -0 "${host_pids[$i]}" 2>/dev/null; then
      warn "${host_names[$i]} exited; stopping the suite"
      echo "--- .data/logs/${host_names[$i]}.log (last 40 lines)" >&2
      tail -n 40 "$logs/${host_names[$i]}.log" >&2 || true
    fi
  done
  exit 1
}

build=1
for arg in "$@"; do
  case $arg in
    stop) stop_command; exit 0 ;;
    --no-build) build=0 ;;
    --postgres) postgres=1 ;;
    --cluster) cluster=1 postgres=1 health_timeout=240 ;; # thirteen processes share the machine
    -h | --help) usage; exit 0 ;;
    *) warn "unknown argument: $arg"; usage >&2; exit 2 ;;
  esac
done
rabbit_note=""
run_command "$build"
