#!/usr/bin/env bash
# Starts or stops one throwaway RabbitMQ node on loopback; tests that restart the broker use it.
#   bash deploy/rabbitmq-node.sh start NODE PORT DIR    (a restart keeps DIR: durable queues survive)
#   bash deploy/rabbitmq-node.sh stop NODE DIR
#   bash deploy/rabbitmq-node.sh add-vhost NODE VHOST   (guest may use it: test runs isolate their queues)
# epmd is left running: other nodes (the test run's own) share it.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=deploy/lib.sh
source "$here/lib.sh"

case ${1:-} in
  start) rabbit_start "${2:?node}" "${3:?port}" "${4:?directory}" ;;
  stop) rabbit_stop "${2:?node}" "${3:?directory}" 0 ;;
  add-vhost)
    rabbit_tool "${2:?node}" rabbitmqctl -q -n "$2" add_vhost "${3:?vhost}"
    rabbit_tool "$2" rabbitmqctl -q -n "$2" set_permissions -p "$3" guest '.*' '.*' '.*'
    ;;
  *) die "usage: $0 start NODE PORT DIR | stop NODE DIR | add-vhost NODE VHOST" ;;
esac
