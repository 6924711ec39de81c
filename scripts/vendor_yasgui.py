"""Copy YASGUI's built files from node_modules into the package (run after `npm ci`).

The copies in csto_kg/web/yasgui/ are never edited by hand; tests check they
equal the files of the @zazuko/yasgui version pinned in package-lock.json
when node_modules is present.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from csto_kg.atomicio import atomic_write  # noqa: E402

FILES = ("yasgui.min.js", "yasgui.min.css")


def main() -> int:
    source = ROOT / "node_modules" / "@zazuko" / "yasgui"
    target = ROOT / "csto_kg" / "web" / "yasgui"
    meta = json.loads((source / "package.json").read_text())
    for name in FILES:
        atomic_write(target / name, (source / "build" / name).read_bytes())
    atomic_write(target / "VERSION", f"@zazuko/yasgui {meta['version']} ({meta.get('license', '?')} license)\n")
    print(f"vendored @zazuko/yasgui {meta['version']} into {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
