"""The way a user meets msstem: a built wheel, installed into a fresh venv, run from elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel (not an editable install) and its dependencies."""
    base = tmp_path_factory.mktemp("wheel")
    wheels = base / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), str(ROOT)],
        check=True,
    )
    [wheel] = wheels.glob("msstem-*.whl")
    env_dir = base / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
        check=True,
    )
    return bin_dir


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MSSTEM_", "PYTHON"))}
    env["NO_COLOR"] = "1"
    return env


def test_wheel_contains_the_knowledge_base(installed: Path) -> None:
    out = subprocess.run(
        [str(installed / "python"), "-c", "import msstem; print(msstem.default_path())"],
        capture_output=True, text=True, check=True, cwd=installed.parent, env=clean_env(),
    )  # fmt: skip
    path = Path(out.stdout.strip())
    assert "site-packages" in str(path) and path.is_file()


def test_installed_list_runs_from_another_folder(installed: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(installed / "msstem"), "list", "--format", "plain"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=clean_env(),
    )
    assert result.returncode == 0, result.stderr
    assert "ahsct" in result.stdout and "Not medical advice" in result.stdout
    assert "\x1b[" not in result.stdout


def test_python_dash_m_works(installed: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(installed / "python"), "-m", "msstem", "explain", "hsct"],
        capture_output=True, text=True, cwd=tmp_path, env=clean_env(),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Autologous haematopoietic stem cell transplantation")


def test_pipe_closed_early_ends_quietly(installed: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        f"'{installed / 'msstem'}' compare --all | head -n 1",
        shell=True, capture_output=True, text=True, cwd=tmp_path, env=clean_env(),
    )  # fmt: skip
    assert result.stdout.count("\n") == 1
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


def test_installed_conventions(installed: Path, tmp_path: Path) -> None:
    """Issue #17 from the wheel: help, names in several words, versions, registry words, errors."""

    def msstem(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(installed / "msstem"), *args], capture_output=True, text=True, cwd=tmp_path, env=clean_env()
        )

    assert msstem("help", "explain").stdout == msstem("explain", "--help").stdout
    assert msstem("explain", "car", "t", "-f", "plain").stdout.startswith("CAR-T cell therapy")
    assert msstem("glossary", "hsct", "-f", "plain").stdout.startswith("aHSCT (autologous")
    version = msstem("--version").stdout.splitlines()
    assert version[0].startswith("msstem ") and version[1].startswith("knowledge base ")
    assert msstem("trials", "--status", "recruiting", "-f", "plain").stdout.startswith("Key trials (ongoing)")
    wrong = msstem("version")
    assert wrong.returncode == 2 and wrong.stderr.splitlines() == [
        "msstem: error: no command called 'version'.",
        "For msstem's version: msstem --version",
    ]
