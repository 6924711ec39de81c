"""Copy Cytoscape.js's built file from node_modules into the package (run after `npm ci`).

The copy in csto_kg/web/cytoscape/ is never edited by hand; a test checks it
equals the file of the cytoscape version pinned in package-lock.json when
node_modules is present.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from csto_kg.atomicio import atomic_write  # noqa: E402

FILES = ("cytoscape.min.js",)


def main() -> int:
    source = ROOT / "node_modules" / "cytoscape"
    target = ROOT / "csto_kg" / "web" / "cytoscape"
    meta = json.loads((source / "package.json").read_text())
    for name in FILES:
        atomic_write(target / name, (source / "dist" / name).read_bytes())
    atomic_write(target / "VERSION", f"cytoscape {meta['version']} ({meta.get('license', '?')} license)\n")
    print(f"vendored cytoscape {meta['version']} into {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
