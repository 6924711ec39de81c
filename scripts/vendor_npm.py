"""Copy the built front-end files from node_modules into the package (run after `npm ci`).

Usage: ``python scripts/vendor_npm.py [yasgui] [cytoscape]`` (default: both).

The copies in csto_kg/web/<name>/ are never edited by hand; tests check they equal
the files of the versions pinned in package-lock.json when node_modules is present.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from csto_kg.atomicio import atomic_write  # noqa: E402

# name: (npm package, folder of the built files in the package, files)
PACKAGES = {
    "yasgui": ("@zazuko/yasgui", "build", ("yasgui.min.js", "yasgui.min.css")),
    "cytoscape": ("cytoscape", "dist", ("cytoscape.min.js",)),
}


def vendor(name: str) -> None:
    package, built, files = PACKAGES[name]
    source = ROOT / "node_modules" / package
    target = ROOT / "csto_kg" / "web" / name
    meta = json.loads((source / "package.json").read_text())
    for file in files:
        atomic_write(target / file, (source / built / file).read_bytes())
    atomic_write(target / "VERSION", f"{package} {meta['version']} ({meta.get('license', '?')} license)\n")
    print(f"vendored {package} {meta['version']} into {target}", file=sys.stderr)


def main(names: list[str]) -> int:
    unknown = [n for n in names if n not in PACKAGES]
    if unknown:
        print(f"Error: unknown package {', '.join(unknown)}; known: {', '.join(PACKAGES)}", file=sys.stderr)
        return 2
    for name in names or list(PACKAGES):
        vendor(name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
