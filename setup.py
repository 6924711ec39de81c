"""Build glue: ship the top-level ontology/, data/ and queries/ inside the package.

The folders are mapped to ``csto_kg.bundled.<name>`` so an installed
``csto-kg`` finds them from any working directory. A folder that does not
exist (yet) is simply not mapped, so the package still builds.
"""

import shutil
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).parent
# setuptools stages files in build/lib and never removes stale ones: a data file
# deleted from data/ would still be shipped. Start each build from a clean stage.
shutil.rmtree(HERE / "build" / "lib" / "csto_kg", ignore_errors=True)
BUNDLED = {"ontology": ["*.ttl"], "data": ["*.ttl", "**/*.ttl"], "queries": ["*.rq"]}

# The package and its stages (see README, Where things are).
STAGES = ["i18n", "inputs", "reasoning", "store", "validation", "query", "cli"]
packages = ["csto_kg", "csto_kg.bundled"] + [f"csto_kg.{stage}" for stage in STAGES]
package_dir = {"csto_kg": "csto_kg", "csto_kg.bundled": "csto_kg/bundled"}
package_dir.update({f"csto_kg.{stage}": f"csto_kg/{stage}" for stage in STAGES})
package_data = {}
for folder, patterns in BUNDLED.items():
    if (HERE / folder).is_dir():
        name = f"csto_kg.bundled.{folder}"
        packages.append(name)
        package_dir[name] = folder
        package_data[name] = patterns

# Member maps, with the vendored country outlines (world-atlas) and their ISO 3166 table.
packages.append("csto_kg.maps")
package_dir["csto_kg.maps"] = "csto_kg/maps"
package_data["csto_kg.maps"] = ["world-atlas/*"]

# The web files of `csto-kg serve`: YASGUI, Cytoscape.js and its fCoSE layout (vendored), our scripts, the
# JSON-LD context.
packages.append("csto_kg.web")
package_dir["csto_kg.web"] = "csto_kg/web"
package_data["csto_kg.web"] = ["*.js", "*.jsonld", "*.svg", "yasgui/*", "cytoscape/*", "layout-base/*",
                             "cose-base/*", "cytoscape-fcose/*"]

setup(packages=packages, package_dir=package_dir, package_data=package_data)
