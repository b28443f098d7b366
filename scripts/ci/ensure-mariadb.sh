#!/usr/bin/env bash
# Makes sure the local MariaDB answers (root, empty password, 127.0.0.1:3306); starts it if not.
set -euo pipefail

ping() { mysqladmin --protocol=tcp -h127.0.0.1 -P3306 -uroot ping >/dev/null 2>&1; }

if ! ping; then
  echo "MariaDB is not answering; starting it"
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  for _ in $(seq 1 60); do
    ping && break
    sleep 1
  done
fi
ping || { echo "MariaDB did not come up on 127.0.0.1:3306" >&2; exit 1; }
mysql --protocol=tcp -h127.0.0.1 -P3306 -uroot -N -e 'SELECT VERSION()'
