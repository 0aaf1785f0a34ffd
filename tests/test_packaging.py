"""pyproject.toml and environment.yml must list the same dependencies."""

import re
import tomllib

from conftest import ROOT


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ \[]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _environment_deps() -> tuple[dict[str, str], list[str]]:
    conda, pip, in_pip = {}, [], False
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    for line in text.split("dependencies:", 1)[1].splitlines():
        m = re.match(r"^(\s*)- (.+?)\s*$", line)
        if line.strip().startswith("- pip:"):
            in_pip = True
            continue
        if m:
            if in_pip and len(m.group(1)) > 2:
                pip.append(m.group(2))
            else:
                in_pip = False
                conda[_name(m.group(2))] = m.group(2).replace(" ", "")
    return conda, pip


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_name(d): d.replace(" ", "") for d in project["dependencies"]}
    conda, pip = _environment_deps()
    conda.pop("pip")
    python = conda.pop("python")
    assert python == "python" + project["requires-python"]
    assert conda == wanted  # same names and the same version bounds
    assert pip == ["-e ."]


def test_console_script_and_module_entry_point():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"] == {"gns": "gns_lib.cli.main:main"}
    assert (ROOT / "gns_lib" / "__main__.py").exists()
