"""Copy the built front-end files from node_modules into the package (run after `npm ci`).

Usage: ``python scripts/vendor_npm.py [yasgui] [cytoscape] [layout-base] [cose-base] [cytoscape-fcose]
[world-atlas]`` (default: all).

The copies in csto_kg/web/<name>/ (world-atlas: csto_kg/maps/world-atlas/) are never edited
by hand; tests check they equal the files of the versions pinned in package-lock.json when
node_modules is present. For world-atlas the script also writes ``iso3166.json``: the ISO
3166-1 alpha-3 code and names of every numeric code in the outlines, from pycountry
(installed with the test dependencies), so that csto-kg needs no ISO package at run time.
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
    # the graph view's layout, fCoSE, with the two libraries it is built on (each a UMD script)
    "layout-base": ("layout-base", ".", ("layout-base.js", "LICENSE")),
    "cose-base": ("cose-base", ".", ("cose-base.js", "LICENSE")),
    "cytoscape-fcose": ("cytoscape-fcose", ".", ("cytoscape-fcose.js", "LICENSE")),
    "world-atlas": ("world-atlas", ".", ("countries-50m.json", "LICENSE")),
}
TARGETS = {"world-atlas": ROOT / "csto_kg" / "maps" / "world-atlas"}  # default: csto_kg/web/<name>


def iso_table(topology: Path) -> bytes:
    """numeric -> {alpha3, names} for every country id of the outlines, from pycountry."""
    from importlib.metadata import version

    import pycountry

    ids = sorted({g["id"] for g in json.loads(topology.read_text())["objects"]["countries"]["geometries"]
                  if g.get("id")})
    countries = {}
    for numeric in ids:
        country = pycountry.countries.get(numeric=numeric)
        names = [getattr(country, a) for a in ("name", "common_name", "official_name") if getattr(country, a, None)]
        countries[numeric] = {"alpha3": country.alpha_3, "names": list(dict.fromkeys(names))}
    table = {"generator": f"pycountry {version('pycountry')}", "countries": countries}
    return (json.dumps(table, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def vendor(name: str) -> None:
    package, built, files = PACKAGES[name]
    source = ROOT / "node_modules" / package
    target = TARGETS.get(name, ROOT / "csto_kg" / "web" / name)
    meta = json.loads((source / "package.json").read_text())
    for file in files:
        atomic_write(target / file, (source / built / file).read_bytes())
    atomic_write(target / "VERSION", f"{package} {meta['version']} ({meta.get('license', '?')} license)\n")
    if name == "world-atlas":
        atomic_write(target / "iso3166.json", iso_table(target / "countries-50m.json"))
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
