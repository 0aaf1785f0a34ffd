"""The layer contract in pyproject.toml holds: no module imports a layer above its own."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def _lint(cwd: Path, extra_path: Path | None = None) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("lint-imports")
    env = None
    if extra_path is not None:
        import os

        env = {**os.environ, "PYTHONPATH": str(extra_path)}
    return subprocess.run([str(exe), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_layers_contract_is_kept():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_a_backwards_import_breaks_the_contract(tmp_path: Path):
    """A copy of the package with one data module importing the presentation layer fails the lint."""
    shutil.copytree(ROOT / "gns_lib", tmp_path / "gns_lib", ignore=shutil.ignore_patterns("__pycache__", "vendor"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    money = tmp_path / "gns_lib" / "data" / "money.py"
    money.write_text(money.read_text(encoding="utf-8") + "\nfrom gns_lib.present import fmt  # backwards\n",
                     encoding="utf-8")
    result = _lint(tmp_path, extra_path=tmp_path)
    assert result.returncode == 1
    assert "gns_lib.data is not allowed to import gns_lib.present" in result.stdout
    assert "gns_lib.data.money -> gns_lib.present.fmt" in result.stdout


def test_the_readme_layout_table_names_every_module():
    """Each subpackage has a row in README's "Struktur" table, and that row names each of its modules."""
    text = (ROOT / "README.md").read_text(encoding="utf-8").split("## Struktur", 1)[1]
    rows = {line.split("|")[1].strip().strip("`"): line for line in text.splitlines() if line.startswith("| `")}
    for package in sorted(p for p in (ROOT / "gns_lib").iterdir() if (p / "__init__.py").exists()):
        row = rows.get(f"gns_lib/{package.name}/")
        assert row is not None, f"README saknar raden gns_lib/{package.name}/"
        for module in sorted(package.glob("*.py")):
            if module.name != "__init__.py":
                assert f"`{module.name}`" in row, f"README:s rad för {package.name}/ nämner inte {module.name}"
