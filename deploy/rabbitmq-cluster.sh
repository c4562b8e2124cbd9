#!/usr/bin/env bash
# Starts or stops a throwaway RabbitMQ cluster on loopback; the cluster fault test uses it.
#   bash deploy/rabbitmq-cluster.sh start DIR NODE PORT [NODE PORT]...   (each node in DIR/<name>)
#   bash deploy/rabbitmq-cluster.sh stop DIR NODE [NODE]...
#   bash deploy/rabbitmq-cluster.sh kill DIR NODE                         (SIGKILL, as a crash)
#   bash deploy/rabbitmq-cluster.sh restart DIR NODE PORT                 (back into its cluster)
#   bash deploy/rabbitmq-cluster.sh queues DIR NODE                       (name<TAB>messages, every vhost)
# epmd is left running: other nodes (the test run's own) share it.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=deploy/lib.sh
source "$here/lib.sh"

case ${1:-} in
  start) shift; rabbit_cluster_start "${1:?directory}" "${@:2}" ;;
  stop) shift; rabbit_cluster_stop "${1:?directory}" 0 "${@:2}" ;;
  kill) rabbit_kill "$(rabbit_cluster_dir "${2:?directory}" "${3:?node}")" ;;
  restart) rabbit_start "${3:?node}" "${4:?port}" "$(rabbit_cluster_dir "${2:?directory}" "$3")" ;;
  queues)
    for vhost in $(rabbit_tool "${3:?node}" rabbitmqctl -q -n "$3" list_vhosts name --no-table-headers); do
      rabbit_tool "$3" rabbitmqctl -q -n "$3" list_queues -p "$vhost" name messages --no-table-headers
    done
    ;;
  *) die "usage: $0 start DIR NODE PORT [NODE PORT]... | stop DIR NODE... | kill DIR NODE | restart DIR NODE PORT | queues DIR NODE" ;;
esac
