"""``python -m dedupe``: Ctrl-C while the command's own module loads is one line and exit 130, as later."""

import sys

try:
    from dedupe.cli import entry
except KeyboardInterrupt:
    print("dedupe: interrupted", file=sys.stderr)
    eval("None")  # resets CPython's unhandled-interrupt flag: see ``dedupe.cli.main``
    raise SystemExit(130) from None

raise SystemExit(entry())
