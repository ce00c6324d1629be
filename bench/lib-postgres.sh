# Sourced by the bench scripts that measure peers on PostgreSQL: a throwaway cluster of Debian's
# PostgreSQL 15, in a temp dir, on 127.0.0.1 and a unix socket in that dir, durable (fsync and
# synchronous_commit on, the defaults), run as the `postgres` user (PostgreSQL refuses to run as root).
#   pg_start   initdb + start; sets PG_URL (JDBC URL), PG_PORT, PG_DIR
#   pg_stop    stop and remove (idempotent; call it from an EXIT trap)
# Install with `apt-get install postgresql` where it is missing.
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_DIR=""
PG_URL=""

pg_as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

pg_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

pg_start() {
    [[ -x "$PG_BIN/initdb" ]] || { echo "PostgreSQL not found in $PG_BIN (apt-get install postgresql)" >&2; return 1; }
    PG_DIR=$(mktemp -d /tmp/factotum-bench-pg.XXXXXX)
    [[ $(id -u) -eq 0 ]] && chown postgres: "$PG_DIR"
    pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --no-instructions >"$PG_DIR/initdb.log" 2>&1 \
        || { cat "$PG_DIR/initdb.log" >&2; return 1; }
    PG_PORT=$(pg_free_port)
    # fsync and synchronous_commit stay on (defaults): every commit is durable, like RocksDB's synced writes.
    pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
        -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_DIR -c fsync=on -c synchronous_commit=on" start >/dev/null \
        || { cat "$PG_DIR/server.log" >&2; return 1; }
    PG_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres"
    echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT ($PG_DIR)" >&2
    export PG_URL PG_PORT PG_DIR
}

pg_stop() {
    if [[ -n "$PG_DIR" && -d "$PG_DIR" ]]; then
        if [[ -f "$PG_DIR/data/postmaster.pid" ]]; then
            pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
        fi
        rm -rf "$PG_DIR"
        PG_DIR=""
    fi
}

# Runs io.factotum.bench.embedded.EmbeddedBench with the given arguments (the cell first), with
# PostgreSQL for the peers unless PG=0, and the JVM's temp files (factfile, RocksDB stores) in a
# directory of our own, removed even when the JVM is killed before its own cleanup.
run_embedded_bench() {
    JVM_TMP=$(mktemp -d /tmp/factotum-bench-jvm.XXXXXX)
    trap 'pg_stop; rm -rf "$JVM_TMP"' EXIT
    bench_build
    local args=("$@")
    if [[ "${PG:-1}" != 0 ]]; then
        pg_start
        args+=("pg=$PG_URL")
    fi
    java -Xmx2g -Djava.io.tmpdir="$JVM_TMP" --enable-native-access=ALL-UNNAMED -cp "$BENCH_CP" \
        io.factotum.bench.embedded.EmbeddedBench "${args[@]}"
}
