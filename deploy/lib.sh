# shellcheck shell=bash
# Shared functions for deploy/test.sh, deploy/run.sh and .ci/run. Source it; do not run it.
#
# Everything here starts only throwaway, loopback-only servers and stops only what it started:
# a RabbitMQ node is stopped by its node name, PostgreSQL by its data directory, processes by PID.
# Facts behind the choices (timings, flags) are in the project's ENVIRONMENT notes.

# ---------------------------------------------------------------------------------------------
# Messages
# ---------------------------------------------------------------------------------------------

say() { printf '==> %s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Seconds since the epoch with milliseconds, for the timings we print.
now() { date +%s.%3N; }
elapsed_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

is_root() { [[ $EUID -eq 0 ]]; }

# run_as USER CMD... : run CMD as USER when we are root (PostgreSQL refuses to run as root and
# Debian's RabbitMQ runs as `rabbitmq`); as an ordinary user we can only run it as ourselves.
run_as() {
  local user=$1; shift
  if is_root; then
    # From /, which every user may enter (the caller's folder may be private to root).
    (cd / && runuser -u "$user" -- "$@")
  else
    "$@"
  fi
}

# ---------------------------------------------------------------------------------------------
# Debian packages
# ---------------------------------------------------------------------------------------------

_APT_UPDATED=0

# ensure_deb_package PACKAGE "Human name" : install PACKAGE with apt-get unless it is installed.
# `apt-get update` runs at most once per script. The lock timeout makes us queue behind another
# apt/dpkg run instead of failing with "Could not get lock".
ensure_deb_package() {
  local pkg=$1 what=${2:-$1}
  if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
    return 0
  fi
  say "$what is not installed; installing Debian's $pkg"
  is_root || die "installing $pkg needs root: run 'sudo apt-get install -y $pkg' and try again"
  local apt=(apt-get -o DPkg::Lock::Timeout=600 -q)
  if [[ $_APT_UPDATED -eq 0 ]]; then
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" update
    _APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y --no-install-recommends "$pkg"
}

ensure_rabbitmq_installed() {
  # The Debian package installs but does not start the server (good: we start our own nodes).
  [[ -x /usr/sbin/rabbitmq-server ]] || ensure_deb_package rabbitmq-server "RabbitMQ"
}

ensure_postgresql_installed() {
  # Only the binaries are needed; any cluster the package creates is left alone (we use our own).
  pg_bin initdb >/dev/null 2>&1 || ensure_deb_package postgresql "PostgreSQL"
}

# ---------------------------------------------------------------------------------------------
# Ports and HTTP
# ---------------------------------------------------------------------------------------------

# port_open PORT : true when something accepts TCP connections on 127.0.0.1:PORT.
port_open() {
  (: </dev/tcp/127.0.0.1/"$1") 2>/dev/null
}

# wait_port PORT TIMEOUT_SECONDS
wait_port() {
  local port=$1 deadline=$((SECONDS + $2))
  until port_open "$port"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

# http_status URL : prints the HTTP status code of a GET (000 when nothing answers).
# curl when present; otherwise a minimal HTTP/1.0 request over bash's /dev/tcp.
http_status() {
  local url=$1
  if command -v curl >/dev/null; then
    curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$url" || true
    return 0
  fi
  if [[ $url =~ ^http://([^:/]+):([0-9]+)(/.*)?$ ]]; then
    local host=${BASH_REMATCH[1]} port=${BASH_REMATCH[2]} path=${BASH_REMATCH[3]:-/} line
    # shellcheck disable=SC2016 # $1.. are expanded by the inner bash
    line=$(timeout 3 bash -c 'exec 3<>"/dev/tcp/$1/$2" || exit 1
      printf "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n" "$3" "$1" >&3
      head -n 1 <&3' _ "$host" "$port" "$path" 2>/dev/null) || true
    [[ $line =~ ^HTTP/[0-9.]+\ ([0-9]{3}) ]] && { echo "${BASH_REMATCH[1]}"; return 0; }
  fi
  echo 000
}

# wait_http URL TIMEOUT_SECONDS [PID] : wait until URL returns 200.
# Returns 1 on timeout, 2 as soon as PID (the process that should serve URL) has exited.
wait_http() {
  local url=$1 deadline=$((SECONDS + $2)) pid=${3:-}
  until [[ $(http_status "$url") == 200 ]]; do
    if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then return 2; fi
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

# stop_pid PID MARKER [TIMEOUT_SECONDS] : SIGTERM a process we started, SIGKILL after the timeout.
# MARKER must appear in its command line, so a PID recycled by an unrelated process is left alone.
stop_pid() {
  local pid=$1 marker=$2 timeout=${3:-15}
  [[ -r /proc/$pid/cmdline ]] || return 0
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker" || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  local deadline=$((SECONDS + timeout))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    warn "PID $pid ($marker) ignored SIGTERM for ${timeout}s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
}

# ---------------------------------------------------------------------------------------------
# RabbitMQ: a throwaway node bound to 127.0.0.1 only
# ---------------------------------------------------------------------------------------------

# rabbit_tool NODE TOOL ARGS... : run rabbitmq-server / rabbitmqctl / rabbitmq-diagnostics for
# NODE. Every RabbitMQ command needs the loopback variables: even a CLI `ping` starts epmd on all
# interfaces without them. A subshell keeps the exports away from the caller (and from dotnet).
# As root we go through Debian's wrapper in /usr/sbin (it switches to the `rabbitmq` user and uses
# its cookie); an ordinary user cannot use that wrapper, so it runs the real scripts as itself.
rabbit_tool() {
  local node=$1 tool=$2; shift 2
  local bin=/usr/lib/rabbitmq/bin/$tool
  is_root && bin=/usr/sbin/$tool
  (
    export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 ERL_EPMD_ADDRESS=127.0.0.1
    export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
    export RABBITMQ_NODENAME=$node
    exec "$bin" "$@"
  )
}

# epmd (Erlang's port mapper) is shared by all nodes on the machine; whoever did not start it
# must not stop it.
epmd_running() { pgrep -x epmd >/dev/null; }

# The user the node runs as, i.e. who must be able to write its directories.
rabbit_user() { if is_root; then echo rabbitmq; else id -un; fi; }

# rabbit_prepare_base DIR : create the node's directories and make them the node user's.
# Returns 1 (with a message) when that user cannot write there, e.g. a parent is mode 0700.
rabbit_prepare_base() {
  local base=$1 user
  user=$(rabbit_user)
  mkdir -p "$base/mnesia" "$base/log"
  # No plugins (faster boot, nothing listening beyond AMQP); no config beyond the defaults.
  echo '[].' >"$base/enabled_plugins"
  echo '# Throwaway node: defaults only (loopback, guest/guest from localhost).' >"$base/rabbitmq.conf"
  : >"$base/rabbitmq-env.conf"
  is_root && chown -R rabbitmq:rabbitmq "$base"
  if ! run_as "$user" test -w "$base/mnesia" -a -w "$base/log" -a -r "$base/rabbitmq.conf"; then
    warn "RabbitMQ runs as user '$user', who cannot write $base (check the parent directories' permissions)"
    return 1
  fi
}

# rabbit_start NODE AMQP_PORT BASE_DIR : start a node and wait until AMQP_PORT accepts connections.
# Sets RMQ_STARTED_EPMD=1 when epmd was not running before (so rabbit_stop may stop it); it is
# set before the node starts, so a trap that fires during the start can already use it.
# shellcheck disable=SC2034 # read by the scripts that source this file
RMQ_STARTED_EPMD=0
rabbit_start() {
  local node=$1 port=$2 base=$3
  local dist_port=$((port + 20000)) # RabbitMQ's own convention; distinct per AMQP port
  local started
  started=$(now)
  [[ -x /usr/sbin/rabbitmq-server ]] || die "RabbitMQ is not installed (apt-get install rabbitmq-server)"
  port_open "$port" && die "cannot start RabbitMQ node $node: port $port is already in use"
  port_open "$dist_port" && die "cannot start RabbitMQ node $node: distribution port $dist_port is already in use"
  rabbit_prepare_base "$base" || die "cannot prepare the RabbitMQ directory $base"

  # shellcheck disable=SC2034 # read by the scripts that source this file
  if epmd_running; then RMQ_STARTED_EPMD=0; else RMQ_STARTED_EPMD=1; fi

  say "Starting RabbitMQ node $node on 127.0.0.1:$port (data and logs in $base)"
  (
    export RABBITMQ_NODE_PORT=$port RABBITMQ_DIST_PORT=$dist_port
    export RABBITMQ_MNESIA_BASE=$base/mnesia RABBITMQ_LOG_BASE=$base/log
    export RABBITMQ_PID_FILE=$base/rabbitmq.pid
    export RABBITMQ_ENABLED_PLUGINS_FILE=$base/enabled_plugins
    export RABBITMQ_CONFIG_FILE=$base/rabbitmq.conf RABBITMQ_ADVANCED_CONFIG_FILE=$base/advanced.config
    export RABBITMQ_CONF_ENV_FILE=$base/rabbitmq-env.conf # ignore /etc/rabbitmq/rabbitmq-env.conf
    rabbit_tool "$node" rabbitmq-server -detached
  ) || die "rabbitmq-server -detached failed for $node"

  # `await_startup` straight after the start fails ("not running at all"): ping until the node
  # answers first. Once the node has written its PID file, a node that dies while booting is
  # noticed at once instead of after the 90 s deadline.
  local deadline=$((SECONDS + 90)) pid
  until rabbit_tool "$node" rabbitmq-diagnostics -q ping >/dev/null 2>&1; do
    pid=$(cat "$base/rabbitmq.pid" 2>/dev/null || true)
    if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
      rabbit_log_tail "$base"; die "RabbitMQ node $node exited while starting"
    fi
    if ((SECONDS >= deadline)); then
      rabbit_log_tail "$base"; die "RabbitMQ node $node did not answer a ping within 90 s"
    fi
    sleep 0.5
  done
  rabbit_tool "$node" rabbitmqctl -q -n "$node" await_startup --timeout 60 ||
    { rabbit_log_tail "$base"; die "RabbitMQ node $node did not finish booting"; }
  wait_port "$port" 30 ||
    { rabbit_log_tail "$base"; die "RabbitMQ node $node is up but 127.0.0.1:$port refuses connections"; }
  say "RabbitMQ node $node is ready ($(elapsed_since "$started") s)"
}

rabbit_log_tail() {
  local f
  for f in "$1"/log/*.log; do
    [[ -f $f ]] && { echo "--- $f (last 30 lines)" >&2; tail -n 30 "$f" >&2; }
  done
  return 0
}

# rabbit_node_pids BASE_DIR : PIDs of the Erlang VM(s) started with this base directory. The
# command line does not show it, but the environment we started them with does.
rabbit_node_pids() {
  local base=$1 dir
  for dir in /proc/[0-9]*; do
    [[ $(cat "$dir/comm" 2>/dev/null) == beam.smp ]] || continue
    tr '\0' '\n' <"$dir/environ" 2>/dev/null | grep -qxF "RABBITMQ_MNESIA_BASE=$base/mnesia" &&
      echo "${dir#/proc/}"
  done
  return 0
}

# rabbit_stop NODE BASE_DIR STARTED_EPMD : stop the node we started (by name). If the CLI cannot
# reach it (e.g. we were interrupted while it was booting), stop the VM found by rabbit_node_pids.
# epmd is stopped only if we started it, and `epmd -kill` itself refuses while any other node is
# still registered.
rabbit_stop() {
  local node=$1 base=$2 started_epmd=${3:-0} started pid
  started=$(now)
  say "Stopping RabbitMQ node $node"
  if ! rabbit_tool "$node" rabbitmqctl -q -n "$node" shutdown >/dev/null 2>&1; then
    for pid in $(rabbit_node_pids "$base"); do
      warn "rabbitmqctl shutdown failed for $node; stopping its PID $pid"
      stop_pid "$pid" beam.smp 15
    done
  fi
  # Right after the shutdown epmd may still list the node (or the CLI's own node) for a moment,
  # and then refuses to die ("living nodes in database"): retry for a few seconds. If another
  # node keeps it busy, it stays; that node needs it.
  if [[ $started_epmd == 1 ]]; then
    local deadline=$((SECONDS + 5))
    while epmd_running; do
      [[ $(ERL_EPMD_ADDRESS=127.0.0.1 epmd -kill 2>&1) == Killed ]] && break
      ((SECONDS < deadline)) || break
      sleep 0.5
    done
  fi
  say "RabbitMQ node $node stopped ($(elapsed_since "$started") s)"
}

# ---------------------------------------------------------------------------------------------
# RabbitMQ: a cluster of nodes on one machine, all on loopback
# ---------------------------------------------------------------------------------------------
# Each node has its own AMQP and distribution port and its own base directory (DIR/<node name>).
# Clustered nodes must share the Erlang cookie: they all run as the same user (ours, or Debian's
# `rabbitmq` as root), so they read the same ~/.erlang.cookie, and so does rabbitmqctl.

# rabbit_cluster_dir DIR NODE : the base directory of NODE in a cluster kept under DIR.
rabbit_cluster_dir() { echo "$1/${2%@*}"; }

# rabbit_cluster_start DIR NODE PORT [NODE PORT]... : start the nodes at once (booting is the slow
# part), then join every node after the first to the first. Nodes that are members already (a
# cluster kept in DIR from an earlier run) are left as they are. Sets RMQ_STARTED_EPMD like
# rabbit_start, before anything starts.
rabbit_cluster_start() {
  local dir=$1; shift
  local nodes=() ports=() i pids=() started
  while (($# >= 2)); do nodes+=("$1"); ports+=("$2"); shift 2; done
  ((${#nodes[@]} >= 1)) || die "usage: rabbit_cluster_start DIR NODE PORT [NODE PORT]..."
  started=$(now)
  # shellcheck disable=SC2034 # read by the scripts that source this file
  if epmd_running; then RMQ_STARTED_EPMD=0; else RMQ_STARTED_EPMD=1; fi
  mkdir -p "$dir"
  is_root && chown rabbitmq:rabbitmq "$dir"
  # The first node starts alone so that epmd is started once, by it.
  rabbit_start "${nodes[0]}" "${ports[0]}" "$(rabbit_cluster_dir "$dir" "${nodes[0]}")"
  for ((i = 1; i < ${#nodes[@]}; i++)); do
    (rabbit_start "${nodes[$i]}" "${ports[$i]}" "$(rabbit_cluster_dir "$dir" "${nodes[$i]}")") &
    pids+=($!)
  done
  for i in "${pids[@]}"; do wait "$i" || die "a RabbitMQ node of the cluster did not start"; done
  for ((i = 1; i < ${#nodes[@]}; i++)); do
    rabbit_cluster_join "${nodes[$i]}" "${nodes[0]}"
  done
  say "RabbitMQ cluster of ${#nodes[@]} nodes is ready ($(elapsed_since "$started") s)"
}

# rabbit_cluster_join NODE SEED : make NODE a member of SEED's cluster (its own data is reset),
# unless it is one already. The app has to be stopped for join_cluster.
rabbit_cluster_join() {
  local node=$1 seed=$2
  if rabbit_tool "$seed" rabbitmqctl -q -n "$seed" cluster_status --formatter json 2>/dev/null |
    grep -qF "\"$node\""; then
    say "RabbitMQ node $node is a member of $seed's cluster already"
    return 0
  fi
  say "Joining RabbitMQ node $node to $seed"
  # The CLI logs the node's feature-flag chatter while it joins: shown only when a step fails.
  local step out
  for step in stop_app reset "join_cluster $seed" start_app; do
    # shellcheck disable=SC2086 # the step's words are its arguments
    out=$(rabbit_tool "$node" rabbitmqctl -q -n "$node" $step 2>&1) ||
      { printf '%s\n' "$out" >&2; die "rabbitmqctl $step failed on $node (do the nodes share the Erlang cookie?)"; }
  done
}

# rabbit_cluster_stop DIR STARTED_EPMD NODE [NODE]... : stop the nodes, the first one last (it
# was started first). epmd is stopped after the last node, and only if we started it.
rabbit_cluster_stop() {
  local dir=$1 started_epmd=$2; shift 2
  local nodes=("$@") i
  for ((i = ${#nodes[@]} - 1; i >= 1; i--)); do
    rabbit_stop "${nodes[$i]}" "$(rabbit_cluster_dir "$dir" "${nodes[$i]}")" 0 || true
  done
  rabbit_stop "${nodes[0]}" "$(rabbit_cluster_dir "$dir" "${nodes[0]}")" "$started_epmd"
}

# rabbit_kill BASE_DIR : SIGKILL the node started with BASE_DIR, as a crash would end it (for
# fault tests); rabbit_start with the same BASE_DIR brings it back into its cluster.
rabbit_kill() {
  local base=$1 pid
  for pid in $(rabbit_node_pids "$base"); do
    say "Killing RabbitMQ VM $pid ($base)"
    kill -KILL "$pid" 2>/dev/null || true
  done
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL: a throwaway cluster in a directory, trust auth, 127.0.0.1 only
# ---------------------------------------------------------------------------------------------

# pg_bin NAME : path of initdb / pg_ctl: on PATH, else the newest /usr/lib/postgresql/*/bin.
pg_bin() {
  local name=$1 found candidates
  if found=$(command -v "$name"); then echo "$found"; return 0; fi
  candidates=(/usr/lib/postgresql/*/bin/"$name")
  found=$(printf '%s\n' "${candidates[@]}" | sort -V | tail -n 1)
  [[ -x $found ]] && { echo "$found"; return 0; }
  return 1
}

# pg_start DIR PORT : initdb a new cluster in DIR (must not exist or be empty) and start it.
# The socket goes into DIR too, so nothing is written to /var/run/postgresql.
pg_start() {
  local dir=$1 port=$2 initdb pg_ctl started out
  started=$(now)
  initdb=$(pg_bin initdb) || die "PostgreSQL is not installed (apt-get install postgresql)"
  pg_ctl=$(pg_bin pg_ctl) || die "pg_ctl not found"
  port_open "$port" && die "cannot start PostgreSQL: port $port is already in use"
  mkdir -p "$dir"
  is_root && chown postgres:postgres "$dir"
  chmod 700 "$dir"

  say "Starting PostgreSQL on 127.0.0.1:$port (cluster in $dir)"
  # --no-sync and fsync=off: the cluster is thrown away, durability would only cost time.
  # max_connections=300: test assemblies run at once, and a cluster test runs replicas beside them.
  out=$(run_as postgres "$initdb" -D "$dir" -U postgres --auth=trust --no-locale -E UTF8 --no-sync 2>&1) ||
    { printf '%s\n' "$out" >&2; die "initdb failed (is $dir writable by the postgres user?)"; }
  run_as postgres "$pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null ||
    { tail -n 30 "$dir/server.log" >&2; die "PostgreSQL did not start"; }
  say "PostgreSQL is ready ($(elapsed_since "$started") s)"
}

# pg_start_kept DIR PORT : start the cluster kept in DIR (created on first use), durable and on
# 127.0.0.1 only, trusting local connections: the run command's PostgreSQL mode on one machine.
pg_start_kept() {
  local dir=$1 port=$2 initdb pg_ctl started out
  started=$(now)
  initdb=$(pg_bin initdb) || die "PostgreSQL is not installed (apt-get install postgresql)"
  pg_ctl=$(pg_bin pg_ctl) || die "pg_ctl not found"
  port_open "$port" && die "cannot start PostgreSQL: port $port is already in use (set COORDINATION_POSTGRES_PORT)"
  mkdir -p "$dir"
  is_root && chown postgres:postgres "$dir"
  chmod 700 "$dir"
  run_as postgres test -w "$dir" || return 1
  if [[ ! -f $dir/PG_VERSION ]]; then
    out=$(run_as postgres "$initdb" -D "$dir" -U postgres --auth=trust --no-locale -E UTF8 2>&1) ||
      { printf '%s\n' "$out" >&2; die "initdb failed"; }
  fi
  say "Starting PostgreSQL on 127.0.0.1:$port (cluster in $dir)"
  # max_connections=300: the cluster mode runs thirteen processes, each with a connection pool.
  run_as postgres "$pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null ||
    { tail -n 30 "$dir/server.log" >&2; die "PostgreSQL did not start"; }
  say "PostgreSQL is ready ($(elapsed_since "$started") s)"
}

# pg_create_database DIR PORT NAME : create database NAME in the cluster of DIR unless it exists.
pg_create_database() {
  local dir=$1 port=$2 name=$3 psql
  psql=$(pg_bin psql) || die "psql not found"
  if [[ -z $(run_as postgres "$psql" -h "$dir" -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'") ]]; then
    run_as postgres "$psql" -h "$dir" -p "$port" -U postgres -qc "CREATE DATABASE \"$name\"" || die "cannot create database $name"
  fi
}

# pg_stop DIR : fast shutdown (disconnects clients) of the cluster in DIR, if it is running.
pg_stop() {
  local dir=$1 pg_ctl started
  started=$(now)
  [[ -f $dir/postmaster.pid ]] || return 0
  pg_ctl=$(pg_bin pg_ctl) || return 0
  say "Stopping PostgreSQL ($dir)"
  run_as postgres "$pg_ctl" -D "$dir" -m fast -w -t 60 stop >/dev/null || warn "pg_ctl stop failed for $dir"
  say "PostgreSQL stopped ($(elapsed_since "$started") s)"
}

# ---------------------------------------------------------------------------------------------
# dotnet
# ---------------------------------------------------------------------------------------------

# The solution file: Coordination.sln (classic), or Coordination.slnx if that is what exists.
solution_file() {
  local repo=$1 f
  for f in Coordination.sln Coordination.slnx; do
    [[ -f $repo/$f ]] && { echo "$f"; return 0; }
  done
  die "no Coordination.sln in $repo"
}

# summarize_trx DIR : sum the <Counters .../> of every .trx under DIR. Sets TRX_FILES, TRX_PASSED,
# TRX_FAILED, TRX_SKIPPED and TRX_SUMMARY="N passed, N failed" (+ ", N skipped" when some tests
# were not executed). Errors, timeouts and aborts count as failures. Call it directly, not in
# $(...), or the variables are lost.
summarize_trx() {
  local dir=$1 file counters attr value
  TRX_FILES=0 TRX_PASSED=0 TRX_FAILED=0 TRX_SKIPPED=0
  while IFS= read -r -d '' file; do
    TRX_FILES=$((TRX_FILES + 1))
    # The element is normally on one line; joining lines makes that not matter.
    counters=$(tr '\n' ' ' <"$file" | grep -o '<Counters [^>]*>' | head -n 1) || continue
    declare -A c=([total]=0 [executed]=0 [passed]=0 [failed]=0 [error]=0 [timeout]=0 [aborted]=0)
    for attr in "${!c[@]}"; do
      value=$(grep -o " $attr=\"[0-9]*\"" <<<"$counters" | grep -o '[0-9][0-9]*') || value=0
      c[$attr]=$value
    done
    TRX_PASSED=$((TRX_PASSED + c[passed]))
    TRX_FAILED=$((TRX_FAILED + c[failed] + c[error] + c[timeout] + c[aborted]))
    TRX_SKIPPED=$((TRX_SKIPPED + c[total] - c[executed]))
    unset c
  done < <(find "$dir" -name '*.trx' -type f -print0 2>/dev/null)
  TRX_SUMMARY="$TRX_PASSED passed, $TRX_FAILED failed"
  if ((TRX_SKIPPED > 0)); then TRX_SUMMARY+=", $TRX_SKIPPED skipped"; fi
}
