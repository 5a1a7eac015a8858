"""The wheel ships every schema, and an installed jobstatus reads them from the package.

The wheel is built offline (``--no-isolation``, with the build backend from the ``test``
extra), unpacked, and imported in a fresh interpreter from a folder with no ``schemas/``
next to it, so the schemas can only come from inside the package.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parents[1]
SCHEMA_FILES = sorted(p.name for p in (ROOT / "schemas").glob("*.schema.json"))


def test_the_wheel_ships_every_schema_and_reads_them(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    build = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist)]
    subprocess.run([*build, str(ROOT)], check=True, capture_output=True, timeout=120)
    (wheel,) = dist.glob("jobstatus-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name.rsplit("/", 1)[-1] for name in archive.namelist() if "/_schemas/" in name}
        archive.extractall(tmp_path / "site")
    assert SCHEMA_FILES, "no schemas/*.schema.json found"
    assert shipped == set(SCHEMA_FILES)

    check = (
        "import json, jobstatus\n"
        "from jobstatus import schemas\n"
        "print(json.dumps([jobstatus.__file__, schemas.available(),\n"
        "    [i.keyword for i in jobstatus.validate({'jobId': 'j', 'status': 'x'}, 'tensorone')]]))"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    ran = subprocess.run(
        [sys.executable, "-c", check], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert ran.returncode == 0, ran.stderr
    where, available, keywords = json.loads(ran.stdout)
    assert Path(where).is_relative_to(tmp_path / "site"), "imported the wrong jobstatus"
    assert [f"{name}.schema.json" for name in available] == SCHEMA_FILES
    assert keywords == ["enum"]
