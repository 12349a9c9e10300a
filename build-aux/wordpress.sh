#!/bin/bash
# A real WordPress on 127.0.0.1 for Byline's tests and for trying Byline,
# from Debian 12's packages (build-aux/debian-packages-portal.txt):
# MariaDB on a socket in the data folder, PHP's built-in server, no Apache,
# no systemd, no network beyond loopback.
#
#   wordpress.sh start DATADIR PORT   start (or find running) and print
#                                     rest_root=, site_url=, user=, password=
#   wordpress.sh stop DATADIR         stop everything started for DATADIR
#   wordpress.sh env DATADIR          print the same lines as start
#
# Both commands may be repeated: start on a running site only prints its
# details (or restarts it when the port changed); stop on a stopped one does
# nothing. The editor's Application Password is kept in DATADIR/portal.env,
# since WordPress stores only its hash.
#
# Debian's wp-config.php reads /etc/wordpress/config-NAME.php, NAME coming
# from $_SERVER['WORDPRESS_CONFIG']; this script writes that file (hence it
# runs as root) and removes it again on stop.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
wp_root=/usr/share/wordpress
wp_user=editor

usage () {
  echo "usage: $0 start DATADIR PORT | stop DATADIR | env DATADIR" >&2
  exit 2
}

log () {
  echo "wordpress.sh: $*" >&2
}

die () {
  log "$*"
  exit 1
}

setup_paths () {
  mkdir -p "$1"
  datadir=$(cd "$1" && pwd -P)
  # WORDPRESS_CONFIG may hold only [a-zA-Z0-9-]; one config per data folder.
  name="byline-$(printf '%s' "$datadir" | sha256sum | cut -c1-16)"
  config=/etc/wordpress/config-$name.php
  socket=$datadir/mysql.sock
  # A Unix socket path must fit in 108 bytes.
  if [ ${#socket} -ge 100 ]; then
    socket=${TMPDIR:-/tmp}/$name.sock
  fi
  envfile=$datadir/portal.env
}

# True when the process group PGID still has a member.
group_alive () {
  kill -0 -- "-$1" 2>/dev/null
}

# The group leader's command line names the data folder, so a recycled pid
# is never mistaken for ours.
pidfile_group () {
  local file=$1 pid
  [ -f "$file" ] || return 1
  pid=$(cat "$file")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  group_alive "$pid" || return 1
  if [ -r "/proc/$pid/cmdline" ] && ! tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF "$datadir"; then
    # The leader may be gone while its workers live on: check one of them.
    if ! pgrep -g "$pid" -f -- "$datadir" >/dev/null 2>&1; then
      return 1
    fi
  fi
  echo "$pid"
}

stop_group () {
  local file=$1 what=$2 pgid i
  if pgid=$(pidfile_group "$file"); then
    kill -TERM -- "-$pgid" 2>/dev/null || true
    for i in $(seq 1 100); do
      group_alive "$pgid" || break
      sleep 0.1
    done
    if group_alive "$pgid"; then
      log "$what did not stop on TERM; killing it"
      kill -KILL -- "-$pgid" 2>/dev/null || true
      for i in $(seq 1 50); do
        group_alive "$pgid" || break
        sleep 0.1
      done
    fi
  fi
  rm -f "$file"
}

php_quote () {
  # A PHP single-quoted string literal.
  local s=${1//\\/\\\\}
  printf "'%s'" "${s//\'/\\\'}"
}

random_secret () {
  head -c 48 /dev/urandom | base64 | tr -d '/+=\n' | cut -c1-"${1:-40}"
}

start_mariadb () {
  local i
  if pidfile_group "$datadir/mariadb.pid" >/dev/null; then
    return 0
  fi
  if [ ! -d "$datadir/mysql/mysql" ]; then
    rm -rf "$datadir/mysql"
    mariadb-install-db --no-defaults --user="$(id -un)" --datadir="$datadir/mysql" \
      --auth-root-authentication-method=socket --skip-test-db \
      > "$datadir/mariadb-install.log" 2>&1 \
      || die "mariadb-install-db failed; see $datadir/mariadb-install.log"
  fi
  rm -f "$socket"
  # setsid: the server and anything it forks form one process group that
  # stop can end as a whole.
  setsid mariadbd --no-defaults --user="$(id -un)" --datadir="$datadir/mysql" \
    --socket="$socket" --skip-networking --pid-file="$datadir/mysql/mariadbd.pid" \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --log-error="$datadir/mariadb.log" \
    < /dev/null > /dev/null 2>&1 &
  echo $! > "$datadir/mariadb.pid"
  for i in $(seq 1 300); do
    if mariadb-admin --no-defaults --socket="$socket" -uroot ping >/dev/null 2>&1; then
      return 0
    fi
    pidfile_group "$datadir/mariadb.pid" >/dev/null || break
    sleep 0.1
  done
  die "MariaDB did not start; see $datadir/mariadb.log"
}

setup_database () {
  local dbpass
  if [ -f "$datadir/db-password" ]; then
    dbpass=$(cat "$datadir/db-password")
  else
    dbpass=$(random_secret 32)
    (umask 077 && printf '%s' "$dbpass" > "$datadir/db-password")
  fi
  mariadb --no-defaults --socket="$socket" -uroot <<SQL
CREATE DATABASE IF NOT EXISTS wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'wordpress'@'localhost' IDENTIFIED BY '$dbpass';
ALTER USER 'wordpress'@'localhost' IDENTIFIED BY '$dbpass';
GRANT ALL PRIVILEGES ON wordpress.* TO 'wordpress'@'localhost';
SQL
}

write_config () {
  local port=$1 keys="" k
  mkdir -p "$datadir/wp-content/mu-plugins" "$datadir/wp-content/uploads" \
           "$datadir/wp-content/plugins" "$datadir/wp-content/themes"
  if [ ! -f "$datadir/salts.php" ]; then
    for k in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT \
             SECURE_AUTH_SALT LOGGED_IN_SALT NONCE_SALT; do
      keys+="define('$k', '$(random_secret 48)');"$'\n'
    done
    (umask 077 && printf '<?php\n%s' "$keys" > "$datadir/salts.php")
  fi

  mkdir -p /etc/wordpress
  local tmp
  tmp=$(mktemp /etc/wordpress/.config-XXXXXX)
  cat > "$tmp" <<PHP
<?php
/* Written by Byline's build-aux/wordpress.sh for the data folder
 * $datadir; rewritten on every start, removed on stop. */
define('DB_NAME', 'wordpress');
define('DB_USER', 'wordpress');
define('DB_PASSWORD', $(php_quote "$(cat "$datadir/db-password")"));
define('DB_HOST', $(php_quote "localhost:$socket"));
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', 'utf8mb4_unicode_ci');
require $(php_quote "$datadir/salts.php");
define('WP_HOME', 'http://127.0.0.1:$port');
define('WP_SITEURL', 'http://127.0.0.1:$port');
define('WP_CONTENT_DIR', $(php_quote "$datadir/wp-content"));
define('WP_CONTENT_URL', 'http://127.0.0.1:$port/wp-content');
define('WP_LANG_DIR', '$wp_root/wp-content/languages');
/* Application Passwords over plain http need a local environment. */
define('WP_ENVIRONMENT_TYPE', 'local');
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_DEBUG', false);
define('WP_DEBUG_DISPLAY', false);
\$table_prefix = 'wp_';
PHP
  chmod 600 "$tmp"
  mv -f "$tmp" "$config"

  # WordPress resolves oEmbed hosts it finds in post content; nothing may
  # leave the machine during tests.
  cat > "$datadir/wp-content/mu-plugins/byline-loopback-only.php" <<'PHP'
<?php
/* Plugin Name: Loopback only (Byline test portal) */
add_filter( 'pre_http_request', function ( $pre, $args, $url ) {
	$host = strtolower( (string) wp_parse_url( $url, PHP_URL_HOST ) );
	if ( in_array( $host, array( 'localhost', '127.0.0.1', '[::1]', '::1' ), true ) ) {
		return $pre;
	}
	return new WP_Error( 'http_request_blocked', 'This test portal talks to loopback only.' );
}, 1, 3 );
/* No mail either (there is no sendmail, and nobody to read it). */
add_filter( 'pre_wp_mail', '__return_false' );
PHP
  cp "$top/extras/wordpress/byline-attribution.php" "$datadir/wp-content/mu-plugins/"

  # php -S does not copy the environment into $_SERVER, so the router names
  # the config; it also serves uploads from the data folder and sends every
  # other path that is not a file to index.php (pretty permalinks, /wp-json/).
  cat > "$datadir/router.php" <<PHP
<?php
\$_SERVER['WORDPRESS_CONFIG'] = '$name';
\$path = rawurldecode( parse_url( \$_SERVER['REQUEST_URI'], PHP_URL_PATH ) ?? '/' );
if ( strpos( \$path, '..' ) !== false ) {
	http_response_code( 400 );
	return true;
}
if ( strncmp( \$path, '/wp-content/', 12 ) === 0 ) {
	\$file = $(php_quote "$datadir") . \$path;
	if ( is_file( \$file ) && ! preg_match( '/\.php\$/', \$file ) ) {
		header( 'Content-Type: ' . ( mime_content_type( \$file ) ?: 'application/octet-stream' ) );
		header( 'Content-Length: ' . filesize( \$file ) );
		readfile( \$file );
		return true;
	}
}
\$target = '$wp_root' . \$path;
if ( \$path !== '/' && is_file( \$target ) ) {
	return false;
}
if ( is_dir( \$target ) && is_file( rtrim( \$target, '/' ) . '/index.php' ) && \$path !== '/' ) {
	return false;
}
\$_SERVER['SCRIPT_NAME'] = '/index.php';
\$_SERVER['SCRIPT_FILENAME'] = '$wp_root/index.php';
\$_SERVER['PHP_SELF'] = '/index.php';
chdir( '$wp_root' );
require '$wp_root/index.php';
PHP
}

install_site () {
  local port=$1
  cat > "$datadir/install.php" <<PHP
<?php
\$_SERVER['WORDPRESS_CONFIG'] = '$name';
\$_SERVER['HTTP_HOST'] = '127.0.0.1:$port';
\$_SERVER['SERVER_NAME'] = '127.0.0.1';
\$_SERVER['REQUEST_URI'] = '/';
define( 'WP_INSTALLING', true );
/* Without it wp_install() probes the not-yet-running site over HTTP. */
require '$wp_root/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/taxonomy.php';
add_filter( 'pre_option_permalink_structure', function () { return ''; } );
add_filter( 'pre_wp_mail', '__return_false' );

if ( ! is_blog_installed() ) {
	wp_install( 'Byline 本地测试门户', 'admin', 'admin@example.invalid', false, '',
	            wp_generate_password( 24 ), 'zh_CN' );
}
remove_all_filters( 'pre_option_permalink_structure' );

update_option( 'WPLANG', 'zh_CN' );
update_option( 'timezone_string', 'Asia/Shanghai' );
update_option( 'gmt_offset', '' );
update_option( 'date_format', 'Y-m-d' );
update_option( 'time_format', 'H:i:s' );
if ( get_option( 'permalink_structure' ) !== '/archives/%post_id%' ) {
	update_option( 'permalink_structure', '/archives/%post_id%' );
	delete_option( 'rewrite_rules' );
}

\$user = get_user_by( 'login', '$wp_user' );
if ( ! \$user ) {
	\$id = wp_insert_user( array(
		'user_login'   => '$wp_user',
		'user_pass'    => wp_generate_password( 24 ),
		'user_email'   => 'editor@example.invalid',
		'display_name' => '本地编辑',
		'role'         => 'editor',
	) );
	if ( is_wp_error( \$id ) ) {
		fwrite( STDERR, \$id->get_error_message() . "\n" );
		exit( 1 );
	}
	\$user = get_user_by( 'id', \$id );
}

foreach ( array( '创业', '站长', '互联网', '科技' ) as \$cat ) {
	if ( ! term_exists( \$cat, 'category' ) ) {
		wp_insert_term( \$cat, 'category' );
	}
}

/* Only the hash is kept by WordPress: a new password when ours is lost. */
\$want = getenv( 'BYLINE_WP_APP_PASSWORD_KNOWN' );
\$have = false;
if ( \$want !== false && \$want !== '' ) {
	foreach ( WP_Application_Passwords::get_user_application_passwords( \$user->ID ) as \$item ) {
		if ( wp_check_password( str_replace( ' ', '', \$want ), \$item['password'], \$user->ID ) ) {
			\$have = true;
		}
	}
}
if ( ! \$have ) {
	\$made = WP_Application_Passwords::create_new_application_password( \$user->ID,
		array( 'name' => 'Byline' ) );
	if ( is_wp_error( \$made ) ) {
		fwrite( STDERR, \$made->get_error_message() . "\n" );
		exit( 1 );
	}
	echo \$made[0];
}
PHP
  local known="" made
  if [ -f "$envfile" ]; then
    known=$(sed -n 's/^password=//p' "$envfile")
  fi
  made=$(BYLINE_WP_APP_PASSWORD_KNOWN="$known" php -d display_errors=stderr \
           "$datadir/install.php" 2> "$datadir/install.log") \
    || die "installing WordPress failed; see $datadir/install.log"
  if [ -n "$made" ]; then
    password=$made
  else
    password=$known
  fi
  (umask 077 && cat > "$envfile" <<ENV
rest_root=http://127.0.0.1:$port/wp-json/
site_url=http://127.0.0.1:$port
user=$wp_user
password=$password
ENV
  )
}

start_php () {
  local port=$1 i
  if pidfile_group "$datadir/php.pid" >/dev/null; then
    return 0
  fi
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/" 2>/dev/null; then
    die "port $port is in use by another program"
  fi
  # Workers let uploads run side by side; they outlive a TERM to their
  # parent, which is why stop ends the whole group.
  PHP_CLI_SERVER_WORKERS=4 setsid php \
    -d upload_max_filesize=64M -d post_max_size=64M -d memory_limit=256M \
    -d display_errors=0 -d log_errors=1 -d error_log="$datadir/php-error.log" \
    -d max_execution_time=60 \
    -S "127.0.0.1:$port" -t "$wp_root" "$datadir/router.php" \
    < /dev/null > "$datadir/php-server.log" 2>&1 &
  echo $! > "$datadir/php.pid"
  for i in $(seq 1 200); do
    if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/wp-json/" 2>/dev/null; then
      return 0
    fi
    pidfile_group "$datadir/php.pid" >/dev/null || break
    sleep 0.1
  done
  die "PHP's server did not start on port $port; see $datadir/php-server.log"
}

check_rest () {
  local port=$1 code
  code=$(curl -s -o "$datadir/check.json" -w '%{http_code}' --max-time 20 \
           -u "$wp_user:$password" "http://127.0.0.1:$port/wp-json/wp/v2/users/me?context=edit")
  [ "$code" = 200 ] || die "the Application Password was refused ($code); see $datadir/check.json"
}

print_env () {
  cat "$envfile"
}

cmd_start () {
  local port=$1
  [[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -gt 0 ] && [ "$port" -lt 65536 ] || usage
  [ "$(id -u)" -eq 0 ] || die "writing $config needs root"

  if [ -f "$datadir/port" ] && [ "$(cat "$datadir/port")" != "$port" ]; then
    stop_group "$datadir/php.pid" "PHP's server"
  fi
  if pidfile_group "$datadir/php.pid" >/dev/null \
     && pidfile_group "$datadir/mariadb.pid" >/dev/null && [ -f "$envfile" ]; then
    write_config "$port"
    print_env
    return 0
  fi
  echo "$port" > "$datadir/port"

  start_mariadb
  setup_database
  write_config "$port"
  install_site "$port"
  start_php "$port"
  check_rest "$port"
  print_env
}

cmd_stop () {
  stop_group "$datadir/php.pid" "PHP's server"
  stop_group "$datadir/mariadb.pid" "MariaDB"
  rm -f "$config" "$socket"
}

[ $# -ge 2 ] || usage
case "$1" in
  start)
    [ $# -eq 3 ] || usage
    setup_paths "$2"
    cmd_start "$3"
    ;;
  stop)
    [ $# -eq 2 ] || usage
    setup_paths "$2"
    cmd_stop
    ;;
  env)
    [ $# -eq 2 ] || usage
    setup_paths "$2"
    [ -f "$envfile" ] || die "no portal in $datadir"
    print_env
    ;;
  *)
    usage
    ;;
esac
