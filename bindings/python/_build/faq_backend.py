"""PEP 517 build backend: setuptools when it can build wheels, else a small
pure-Python wheel builder.

setuptools before 70.1 needs the separate `wheel` package to build a wheel;
an offline machine may have setuptools alone. This package is pure Python
(ctypes), so a wheel is just its files plus metadata: when `wheel` is
missing the fallback below writes it directly, and `pip install
--no-build-isolation bindings/python` works with no download at all.
"""
from __future__ import annotations

import base64
import hashlib
import os
import re
import zipfile

try:
    import wheel  # noqa: F401  (setuptools' bdist_wheel needs it)
    from setuptools import build_meta as _setuptools
except ImportError:
    _setuptools = None

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "faq"


def _project() -> dict:
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as f:
        text = f.read().decode("utf-8")
    try:
        import tomllib
        return tomllib.loads(text)["project"]
    except ImportError:  # Python < 3.11: the few plain fields we need
        fields = dict(re.findall(r'^(name|version|description|requires-python)\s*=\s*"([^"]*)"', text, re.M))
        return fields


def _metadata() -> str:
    p = _project()
    lines = ["Metadata-Version: 2.1", f"Name: {p['name']}", f"Version: {p['version']}"]
    if p.get("description"):
        lines.append(f"Summary: {p['description']}")
    if p.get("requires-python"):
        lines.append(f"Requires-Python: {p['requires-python']}")
    readme = os.path.join(ROOT, "README.md")
    body = ""
    if os.path.exists(readme):
        lines.append("Description-Content-Type: text/markdown")
        with open(readme, encoding="utf-8") as f:
            body = "\n" + f.read()
    return "\n".join(lines) + "\n" + body


def _files():
    pkg = os.path.join(ROOT, PACKAGE)
    for name in sorted(os.listdir(pkg)):
        path = os.path.join(pkg, name)
        if os.path.isfile(path) and (name.endswith(".py") or name == "py.typed" or name.startswith("libfaq.so")):
            yield f"{PACKAGE}/{name}", path


def _write_wheel(directory: str, entries) -> str:
    p = _project()
    dist = f"{p['name']}-{p['version']}"
    filename = f"{dist}-py3-none-any.whl"
    info = f"{dist}.dist-info"
    records = []

    def add(zf, arcname, data: bytes):
        zf.writestr(arcname, data)
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        records.append(f"{arcname},sha256={digest},{len(data)}")

    with zipfile.ZipFile(os.path.join(directory, filename), "w", zipfile.ZIP_DEFLATED) as zf:
        for arcname, data in entries:
            add(zf, arcname, data)
        add(zf, f"{info}/METADATA", _metadata().encode())
        add(zf, f"{info}/WHEEL",
            b"Wheel-Version: 1.0\nGenerator: faq_backend\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        add(zf, f"{info}/top_level.txt", f"{PACKAGE}\n".encode())
        records.append(f"{info}/RECORD,,")
        zf.writestr(f"{info}/RECORD", "\n".join(records) + "\n")
    return filename


def _read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


# ---- PEP 517 / 660 hooks ------------------------------------------------------

def get_requires_for_build_wheel(config_settings=None):
    return _setuptools.get_requires_for_build_wheel(config_settings) if _setuptools else []


def get_requires_for_build_sdist(config_settings=None):
    return _setuptools.get_requires_for_build_sdist(config_settings) if _setuptools else []


def get_requires_for_build_editable(config_settings=None):
    return get_requires_for_build_wheel(config_settings)


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    if _setuptools:
        return _setuptools.build_wheel(wheel_directory, config_settings, metadata_directory)
    return _write_wheel(wheel_directory, [(arc, _read(path)) for arc, path in _files()])


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    if _setuptools and hasattr(_setuptools, "build_editable"):
        return _setuptools.build_editable(wheel_directory, config_settings, metadata_directory)
    # A .pth file that puts the source folder on sys.path.
    return _write_wheel(wheel_directory, [(f"__editable__.{PACKAGE}.pth", (ROOT + "\n").encode())])


def build_sdist(sdist_directory, config_settings=None):
    if _setuptools:
        return _setuptools.build_sdist(sdist_directory, config_settings)
    raise RuntimeError("building an sdist needs setuptools with the `wheel` package")
