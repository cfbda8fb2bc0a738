# Sourced by the scripts beside it, after their own header comment: the
# program under test as $limber (the script's first argument), a scratch
# folder $tmp removed at exit (made writable first, for scripts that take
# permissions away), and `check DESCRIPTION COMMAND...`, which runs the
# command, prints "ok" or "FAIL" with the description, and remembers a
# failure in $fail for the script's `exit "$fail"`.
set -u
limber="${1:-}"
fail=0
check() {
    local what="$1"
    shift
    if "$@"; then echo "ok   $what"; else echo "FAIL $what"; fail=1; fi
}
tmp="$(mktemp -d)"
trap 'chmod -R u+rwX "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
# The user's own routines and exercises are read from $XDG_DATA_HOME/limber:
# the scripts see none but those they put there.
export XDG_DATA_HOME="$tmp/user-data"
