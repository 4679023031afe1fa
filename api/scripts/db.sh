#!/usr/bin/env bash
# Makes sure a PostgreSQL server with PostGIS is running and FieldPlan's databases exist.
# Prints the connection as shell assignments on stdout (FIELDPLAN_DB_URL=..., USER, PASSWORD,
# TEST_URL); every message goes to stderr. Called by `./fieldplan db`, `test` and `demo`.
#
# With FIELDPLAN_DB_URL set (a JDBC URL, plus FIELDPLAN_DB_USER / FIELDPLAN_DB_PASSWORD) it only checks
# that server (PostGIS present) and uses it; the tests then use FIELDPLAN_DB_TEST_URL, or the same URL.
# Otherwise it runs a private cluster "15 fieldplan" on 127.0.0.1:${FIELDPLAN_DB_PORT:-5433}, installing
# Debian's postgresql + postgresql-15-postgis-3 first when missing (needs root), and creates the role
# "fieldplan" and the databases "fieldplan" (demo, service) and "fieldplan_test" (integration tests),
# each with the postgis extension. Idempotent: when everything is there it returns in well under a second.
set -euo pipefail

say() { printf 'fieldplan db: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

PG_VERSION="${FIELDPLAN_PG_VERSION:-15}"
CLUSTER="fieldplan"
PORT="${FIELDPLAN_DB_PORT:-5433}"
DB_USER="${FIELDPLAN_DB_USER:-fieldplan}"
DB_PASSWORD="${FIELDPLAN_DB_PASSWORD:-fieldplan}"
DBS=(fieldplan fieldplan_test)

emit() { # $1 = url, $2 = test url
  printf 'FIELDPLAN_DB_URL=%q\nFIELDPLAN_DB_USER=%q\nFIELDPLAN_DB_PASSWORD=%q\nFIELDPLAN_DB_TEST_URL=%q\n' \
    "$1" "$DB_USER" "$DB_PASSWORD" "$2"
}

# ---- an external server given by the environment -------------------------------------------------
if [[ -n "${FIELDPLAN_DB_URL:-}" ]]; then
  url="$FIELDPLAN_DB_URL"
  [[ "$url" =~ ^jdbc:postgresql://([^/:?]+)(:([0-9]+))?/([^?]+) ]] \
    || die "FIELDPLAN_DB_URL ('$url') is not a JDBC PostgreSQL URL; expected e.g. jdbc:postgresql://db.example:5432/fieldplan"
  host="${BASH_REMATCH[1]}"; port="${BASH_REMATCH[3]:-5432}"; db="${BASH_REMATCH[4]}"
  if command -v psql >/dev/null; then
    v="$(PGPASSWORD="$DB_PASSWORD" PGCONNECT_TIMEOUT=5 psql -h "$host" -p "$port" -U "$DB_USER" -d "$db" -XAtq \
        -c "select extversion from pg_extension where extname = 'postgis'" 2>&1)" \
      || die "cannot connect to $url as '$DB_USER': $v (check FIELDPLAN_DB_URL, FIELDPLAN_DB_USER, FIELDPLAN_DB_PASSWORD)"
    [[ -n "$v" ]] || die "the database $url has no PostGIS; run 'CREATE EXTENSION postgis' in it as a superuser"
    say "using $url (PostGIS $v)"
  else
    say "using $url (psql is not installed, so it was not checked)"
  fi
  emit "$url" "${FIELDPLAN_DB_TEST_URL:-$url}"
  exit 0
fi

URL="jdbc:postgresql://127.0.0.1:$PORT/fieldplan"
TEST_URL="jdbc:postgresql://127.0.0.1:$PORT/fieldplan_test"

ready() { # the role can log in over TCP and both databases have PostGIS
  command -v psql >/dev/null || return 1
  local d
  for d in "${DBS[@]}"; do
    [[ "$(PGPASSWORD="$DB_PASSWORD" PGCONNECT_TIMEOUT=3 psql -h 127.0.0.1 -p "$PORT" -U "$DB_USER" -d "$d" -XAtq \
         -c "select count(*) from pg_extension where extname = 'postgis'" 2>/dev/null)" == 1 ]] || return 1
  done
}

if ready; then
  say "PostgreSQL + PostGIS ready on 127.0.0.1:$PORT (databases ${DBS[*]})"
  emit "$URL" "$TEST_URL"; exit 0
fi

is_root() { [[ "$(id -u)" == 0 ]]; }

# ---- packages --------------------------------------------------------------------------------------
POSTGIS_CONTROL="/usr/share/postgresql/$PG_VERSION/extension/postgis.control"
if ! command -v pg_createcluster >/dev/null || [[ ! -x "/usr/lib/postgresql/$PG_VERSION/bin/postgres" || ! -f "$POSTGIS_CONTROL" ]]; then
  is_root || die "PostgreSQL $PG_VERSION with PostGIS is not installed and this is not root. Install it with
  sudo apt-get install -y postgresql postgresql-$PG_VERSION-postgis-3
or point FieldPlan at a server: FIELDPLAN_DB_URL=jdbc:postgresql://HOST:PORT/DB FIELDPLAN_DB_USER=... FIELDPLAN_DB_PASSWORD=..."
  command -v apt-get >/dev/null || die "no apt-get here: install PostgreSQL $PG_VERSION + PostGIS 3 yourself, or set FIELDPLAN_DB_URL"
  say "installing postgresql and postgresql-$PG_VERSION-postgis-3 (apt-get)..."
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q postgresql "postgresql-$PG_VERSION-postgis-3" >/tmp/fieldplan-apt.log 2>&1; then
    say "apt-get install failed; updating the package lists and trying again..."
    apt-get update -q >>/tmp/fieldplan-apt.log 2>&1 || true
    apt-get install -y -q postgresql "postgresql-$PG_VERSION-postgis-3" >>/tmp/fieldplan-apt.log 2>&1 \
      || die "could not install PostgreSQL/PostGIS; see /tmp/fieldplan-apt.log"
  fi
fi

# ---- the cluster -----------------------------------------------------------------------------------
status="$(pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" -v c="$CLUSTER" '$1 == v && $2 == c {print $4}')"
if [[ -z "$status" ]]; then
  is_root || die "the PostgreSQL cluster '$PG_VERSION $CLUSTER' does not exist and creating it needs root (or set FIELDPLAN_DB_URL)"
  taken="$(pg_lsclusters -h 2>/dev/null | awk -v p="$PORT" '$3 == p {print $1 " " $2}')"
  [[ -z "$taken" ]] || die "port $PORT is taken by the cluster '$taken'; choose another with FIELDPLAN_DB_PORT=..."
  say "creating the PostgreSQL cluster '$PG_VERSION $CLUSTER' on port $PORT..."
  pg_createcluster "$PG_VERSION" "$CLUSTER" -p "$PORT" --start >/dev/null \
    -- --auth-local=peer --auth-host=scram-sha-256 >&2
elif [[ "$status" != online* ]]; then
  say "starting the PostgreSQL cluster '$PG_VERSION $CLUSTER' (was $status)..."
  if is_root; then pg_ctlcluster "$PG_VERSION" "$CLUSTER" start >&2
  else pg_ctlcluster "$PG_VERSION" "$CLUSTER" start >&2 || die "could not start the cluster '$PG_VERSION $CLUSTER' as $(id -un); start it as root or postgres"
  fi
fi

# ---- role, databases, PostGIS ----------------------------------------------------------------------
as_postgres() {
  if is_root; then runuser -u postgres -- psql -p "$PORT" -X -v ON_ERROR_STOP=1 -q "$@"
  elif [[ "$(id -un)" == postgres ]]; then psql -p "$PORT" -X -v ON_ERROR_STOP=1 -q "$@"
  else die "the role and databases are missing and creating them needs root or the postgres user"; fi
}
for _ in $(seq 1 20); do pg_isready -q -h 127.0.0.1 -p "$PORT" && break; sleep 0.5; done
pg_isready -q -h 127.0.0.1 -p "$PORT" || die "PostgreSQL on port $PORT does not answer; see /var/log/postgresql/postgresql-$PG_VERSION-$CLUSTER.log"

pw_sql="${DB_PASSWORD//\'/\'\'}"
as_postgres -d postgres <<SQL >&2
SELECT format('CREATE ROLE %I LOGIN', '$DB_USER') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER')
\gexec
ALTER ROLE "$DB_USER" WITH LOGIN CREATEDB PASSWORD '$pw_sql';
SQL
for d in "${DBS[@]}"; do
  as_postgres -d postgres <<SQL >&2
SELECT format('CREATE DATABASE %I OWNER %I', '$d', '$DB_USER') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$d')
\gexec
SQL
  as_postgres -d "$d" -c "CREATE EXTENSION IF NOT EXISTS postgis" >&2
done

ready || die "PostgreSQL is up on port $PORT but '$DB_USER' cannot log in over TCP to ${DBS[*]}; see /var/log/postgresql/postgresql-$PG_VERSION-$CLUSTER.log"
say "PostgreSQL + PostGIS ready on 127.0.0.1:$PORT (databases ${DBS[*]}, user $DB_USER)"
emit "$URL" "$TEST_URL"
