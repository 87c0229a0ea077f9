#!/bin/sh
# Configures a running Payara Server 6 domain for Tollgate (docs/operations.md, "Payara Server 6").
#
#   configure-domain.sh [--env-file FILE] [--listen-address ADDR] [--http-port PORT]
#                       [--behind-reverse-proxy] [--service-user NAME]
#                       [--deployment-group NAME --instances N [--instance-portbase BASE]
#                        [--spill-dir DIR] [--node NODE]] ASADMIN [ASADMIN-OPTIONS...]
#   configure-domain.sh --check-only --env-file FILE [--service-user NAME]
#
# ASADMIN is the path of bin/asadmin; ASADMIN-OPTIONS are given to it, e.g.
#   --port 4848 --user admin --passwordfile /etc/tollgate/asadmin-password
# Run it as the service user while the domain runs, then restart the domain: listener addresses,
# the data grid and JVM options take effect at the next start. Running it again changes nothing.
#
# --env-file FILE         check Tollgate's environment file first (mode 0600; when readable: the
#                         variables the EAR needs, and CREDENTIALS_DIR and TOLLGATE_JOURNAL_SPILL_DIR
#                         directories of this user with mode 0700). Only checked, never applied: the
#                         server JVM gets it as its environment (the systemd unit's EnvironmentFile).
# --service-user NAME     who must own those directories (default: the user running this script)
# --check-only            only check the environment file (run as root to check a root-owned file)
# --listen-address ADDR   address of the HTTP listener (default 127.0.0.1: only a reverse proxy on the
#                         same host reaches Tollgate)
# --http-port PORT        port of the HTTP listener (default: as the domain has it, 8080)
# --behind-reverse-proxy  take the client's address from the Proxy-ip header the reverse proxy sets
#                         (config/nginx/tollgate.conf); only while nothing else reaches the listener
# --deployment-group NAME Tollgate on N instances of this host sharing one data grid (docs/operations.md,
#                         "Several instances"): the group NAME, its instances NAME-1..NAME-N on NODE
#                         with the configuration NAME-config (a copy of default-config, set up as the
#                         server's: EJB timers in the data grid, TOLLGATE_CLUSTER_MEMBERS=domain, each
#                         instance's journal spill directory DIR/<instance>). The server itself then
#                         keeps the data grid on (domain discovery needs it) and serves no Tollgate.
# --instances N           how many instances (existing ones are kept; none is removed)
# --instance-portbase BASE  instance i gets port base BASE+100*(i-1): HTTP BASE+80, BASE+180, ...
#                         (default 10000: HTTP 10080, 10180, 10280)
# --spill-dir DIR         parent of the instances' spill directories (default: TOLLGATE_JOURNAL_SPILL_DIR
#                         of the environment file, which must then be readable)
# --node NODE             the node of the instances (default: this domain's localhost-<domain> node)
set -eu

env_file=
listen_address=127.0.0.1
http_port=
behind_proxy=false
service_user=$(id -un)
check_only=false
group=
instances=
instance_portbase=10000
spill_parent=
node=
while [ $# -gt 0 ]; do
    case "$1" in
        --env-file) env_file=$2; shift 2 ;;
        --listen-address) listen_address=$2; shift 2 ;;
        --http-port) http_port=$2; shift 2 ;;
        --behind-reverse-proxy) behind_proxy=true; shift ;;
        --service-user) service_user=$2; shift 2 ;;
        --check-only) check_only=true; shift ;;
        --deployment-group) group=$2; shift 2 ;;
        --instances) instances=$2; shift 2 ;;
        --instance-portbase) instance_portbase=$2; shift 2 ;;
        --spill-dir) spill_parent=$2; shift 2 ;;
        --node) node=$2; shift 2 ;;
        -h|--help) sed -n '2,39p' "$0"; exit 0 ;;
        *) break ;;
    esac
done
if [ $# -lt 1 ] && ! $check_only; then
    echo "usage: $0 [--env-file FILE] [--listen-address ADDR] [--http-port PORT] [--behind-reverse-proxy]" \
        "[--service-user NAME] ASADMIN [ASADMIN-OPTIONS...]" >&2
    exit 2
fi
asadmin=${1:-}
[ $# -gt 0 ] && shift

fail() {
    echo "configure-domain: $*" >&2
    exit 1
}

# "0700 tollgate": mode and owner
mode_and_owner() {
    stat -c '%a %U' "$1" | awk '{ printf "%04d %s", $1, $2 }'
}

check_private() { # what path mode owner...
    what=$1 path=$2 mode=$3
    shift 3
    [ -e "$path" ] || fail "$what $path does not exist"
    actual=$(mode_and_owner "$path")
    for owner in "$@"; do
        [ "$actual" = "$mode $owner" ] && return 0
    done
    fail "$what $path is '$actual', must be mode $mode owned by $(echo "$@" | sed 's/ / or /')" \
        "(chmod ${mode#0} $path; chown $1 $path)"
}

# value of a variable in the environment file (KEY=value lines, as systemd's EnvironmentFile reads them)
env_value() {
    sed -n "s/^[[:space:]]*$1=//p" "$env_file" | tail -n 1 | sed 's/^"\(.*\)"$/\1/'
}

if [ -n "$env_file" ]; then
    check_private "environment file" "$env_file" 0600 root "$service_user"
    if [ ! -r "$env_file" ]; then
        echo "configure-domain: $env_file is root's (fine); its variables are checked when root runs this"
    else
        for variable in DATABASE_URL CREDENTIALS_DIR TOLLGATE_JOURNAL_SPILL_DIR; do
            [ -n "$(env_value $variable)" ] || fail "$env_file does not set $variable (docs/operations.md)"
        done
        credentials=$(env_value CREDENTIALS_DIR)
        spill=$(env_value TOLLGATE_JOURNAL_SPILL_DIR)
        for directory in "$credentials" "$spill"; do
            case "$directory" in
                /*) ;;
                *) fail "$directory: CREDENTIALS_DIR and TOLLGATE_JOURNAL_SPILL_DIR must be absolute paths" ;;
            esac
        done
        # the server runs as this user: it must own both (OAuth refreshes write into the credentials)
        check_private "credentials directory" "$credentials" 0700 "$service_user"
        check_private "journal spill directory" "$spill" 0700 "$service_user"
        find "$credentials" -type f -name '*.json' ! -perm 0600 | while read -r file; do
            echo "configure-domain: warning: $file is not mode 0600 (chmod 600 $file)" >&2
        done
        echo "configure-domain: $env_file checked"
        [ -n "$spill_parent" ] || spill_parent=$spill
    fi
fi
if $check_only; then
    [ -n "$env_file" ] || fail "--check-only needs --env-file FILE"
    exit 0
fi
if [ -n "$group" ]; then
    case "$group" in
        *[!A-Za-z0-9_-]*|-*) fail "--deployment-group $group: letters, digits, - and _ only" ;;
    esac
    case "$instances" in
        ''|*[!0-9]*|0) fail "--deployment-group needs --instances N (1 or more)" ;;
    esac
    case "$instance_portbase" in
        ''|*[!0-9]*) fail "--instance-portbase $instance_portbase is not a port base" ;;
    esac
    [ $((instance_portbase + 100 * instances)) -le 65535 ] || fail "--instance-portbase $instance_portbase:" \
        "the ports of $instances instances do not fit below 65535"
    [ -n "$spill_parent" ] || fail "--deployment-group needs the instances' spill directory parent:" \
        "--spill-dir DIR, or a readable --env-file with TOLLGATE_JOURNAL_SPILL_DIR"
    case "$spill_parent" in
        /*) ;;
        *) fail "--spill-dir $spill_parent must be an absolute path" ;;
    esac
    check_private "journal spill directory" "$spill_parent" 0700 "$service_user"
fi

# asadmin with the caller's options; its output goes to stdout
run_asadmin() {
    sh "$asadmin" --interactive=false "$@"
}

commands=$(mktemp)
output=$(mktemp)
trap 'rm -f "$commands" "$output"' EXIT

# harden CONFIG [HTTP-PORT]: the listener settings of the configuration CONFIG (the server's, or
# the one a deployment group's instances share; their ports come from each instance's port base)
harden() {
    config=configs.config.$1
    http=$config.network-config.protocols.protocol.http-listener-1.http
    listeners=$config.network-config.network-listeners.network-listener
    # The HTTP listener: keep-alive connections are not closed after 250 requests; no X-Powered-By
    # and Server headers; bound to the loopback interface (the reverse proxy is in front).
    echo "set $http.max-connections=-1"
    echo "set $http.xpowered-by=false"
    echo "set $http.server-header=false"
    echo "set $http.auth-pass-through-enabled=$behind_proxy"
    echo "set $listeners.http-listener-1.address=$listen_address"
    if [ -n "${2:-}" ]; then
        echo "set $listeners.http-listener-1.port=$2"
    fi
    # No TLS in Payara (the reverse proxy terminates it): the HTTPS listener is switched off.
    echo "set $listeners.http-listener-2.enabled=false"
    # Administration and IIOP on the loopback interface only (the instances are on this host, so
    # the server reaches their admin ports there); no remote JMX.
    echo "set $listeners.admin-listener.address=127.0.0.1"
    for orb in orb-listener-1 SSL SSL_MUTUALAUTH; do
        echo "set $config.iiop-service.iiop-listener.$orb.address=127.0.0.1"
    done
    echo "set $config.admin-service.jmx-connector.system.enabled=false"
    # no JMS broker (Tollgate sends no messages), so none listening on every interface
    echo "set $config.jms-service.type=DISABLED"
}

group_config=
if [ -n "$group" ]; then
    group_config=$group-config
    # created once, before the multimode run that sets it up
    if ! run_asadmin "$@" list-configs | grep -qx "$group_config"; then
        run_asadmin "$@" copy-config default-config "$group_config"
    fi
fi
{
    harden server-config "$http_port"
    if [ -z "$group" ]; then
        # no data grid: a single server needs none (Tollgate's timers are not persistent), and so
        # no cluster port
        echo "set-hazelcast-configuration --enabled=false --dynamic=false"
    else
        # the server is the grid's point of discovery (domain discovery); the instances' EJB
        # timers live in the grid (without it their deployment fails: "EJB Timer Service is not
        # available"), so that an account's refresh timer runs on one instance
        echo "set-hazelcast-configuration --enabled=true --dynamic=false"
        harden "$group_config"
        echo "set-hazelcast-configuration --enabled=true --dynamic=false --target $group_config"
        echo "set configs.config.$group_config.ejb-container.ejb-timer-service.ejb-timer-service=DataGrid"
    fi
    # Less boot noise in server.log, as config/logging.properties does for Payara Micro: the JNDI
    # names of every EJB, a certificate dump per expired CA of the JDK's trust store (warnings and
    # errors of Tollgate and Payara are kept)
    echo "set-log-levels jakarta.enterprise.ejb.container=WARNING:javax.enterprise.system.security.ssl=SEVERE:fish.payara.microprofile.healthcheck.cdi.extension.HealthCDIExtension=WARNING:org.glassfish.soteria.servlet.SamRegistrationInstaller=WARNING:org.eclipse.krazo=WARNING"
} > "$commands"

echo "configure-domain: asadmin $* multimode:"
sed 's/^/  /' "$commands"
sh "$asadmin" --interactive=false "$@" multimode --file "$commands" > "$output" 2>&1 || {
    cat "$output"
    fail "asadmin multimode failed"
}
cat "$output"
# multimode exits 0 even when one of its commands failed
if grep -q '^Command .* failed' "$output"; then
    fail "a command failed (above); nothing after it was skipped, fix it and run this again"
fi

# JVM options as "TARGET NAME VALUE" lines, each added as -DNAME=VALUE unless TARGET has -DNAME= already.
# Error pages name no product and version.
jvm_options="server-config product.name"
if [ -n "$group" ]; then
    # Tollgate keeps its shared state in the grid (any value: on Server the grid is the domain's);
    # each instance has its own spill directory (one process per directory, ADR 0013): Payara puts
    # in the instance's name when it starts it, and a system property outranks the environment
    # the instances inherit from the server.
    jvm_options="$jvm_options
$group_config product.name
$group_config TOLLGATE_CLUSTER_MEMBERS domain
$group_config tollgate.journal.spill-dir $spill_parent/\${com.sun.aas.instanceName}"
fi
echo "$jvm_options" | while read -r target name value; do
    if ! run_asadmin "$@" list-jvm-options --target "$target" | grep -q -- "^-D$name="; then
        # asadmin splits its operand at ':' unless escaped
        run_asadmin "$@" create-jvm-options --target "$target" "-D$name=$(printf '%s' "$value" | sed 's/:/\\:/g')"
    fi
done
if [ -n "$group" ]; then
    # one tab-indented name per line
    if ! run_asadmin "$@" list-deployment-groups | grep -qx "[[:space:]]*$group"; then
        run_asadmin "$@" create-deployment-group "$group"
    fi
    if [ -z "$node" ]; then
        node=$(run_asadmin "$@" list-nodes | awk '$1 ~ /^localhost-/ { print $1; exit }')
        [ -n "$node" ] || fail "no localhost-<domain> node in list-nodes; give --node NODE"
    fi
    existing=$(run_asadmin "$@" list-instances --nostatus)
    i=1
    while [ "$i" -le "$instances" ]; do
        instance=$group-$i
        if ! echo "$existing" | grep -qx "$instance"; then
            run_asadmin "$@" create-instance --node "$node" --config "$group_config" \
                --portbase $((instance_portbase + 100 * (i - 1))) "$instance"
            run_asadmin "$@" add-instance-to-deployment-group --instance "$instance" --deploymentgroup "$group"
        fi
        i=$((i + 1))
    done
    echo "configure-domain: deployment group $group: instances $group-1..$group-$instances on $node," \
        "HTTP ports $((instance_portbase + 80)) + 100 each"
fi

echo "configure-domain: done; restart the domain (asadmin restart-domain, or systemctl restart tollgate-server)"
