"""The numeric core imports no web package."""

from __future__ import annotations

import subprocess
import sys

WEB = ("fastapi", "starlette", "uvicorn", "pydantic", "pydantic_settings", "jinja2", "orjson", "httpx")


def test_core_imports_no_web_package() -> None:
    code = (
        "import importlib, pkgutil, sys, app.core\n"
        "for m in pkgutil.iter_modules(app.core.__path__): importlib.import_module('app.core.' + m.name)\n"
        f"print(sorted(w for w in {WEB!r} if w in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_core_speaks_in_facts_not_words() -> None:
    """The core returns message keys and facts; sentences are rendered at the web boundary (app/web/sentences)."""
    code = (
        "import importlib, pkgutil, sys, app.core\n"
        "for m in pkgutil.iter_modules(app.core.__path__): importlib.import_module('app.core.' + m.name)\n"
        "print(sorted(m for m in sys.modules if m.startswith('app.') and not m.startswith('app.core')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
