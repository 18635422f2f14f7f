"""The Content-Security-Policy every page carries: only the site's own files and the theme's
few inline scripts (by hash) may run, and WebAssembly (Pagefind's search, issue 20); nothing
loads from another origin (issue 14).

Escaping keeps content from becoming markup (`render/safe.py`); this is the second wall: a
script that slipped past it is refused by the browser. The inline scripts allowed are read
from the theme's templates (ours in `templates/overrides/` first, then Material's), never from
built pages, so nothing a page carries can allow itself.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from pathlib import Path

# The theme partials that write inline scripts into every page (Material 9).
THEME_SCRIPTS = ("partials/javascripts/base.html", "partials/javascripts/content.html")
_SCRIPT_RE = re.compile(r"<script(?:\s[^>]*)?>(.*?)</script>", re.DOTALL)


def material_templates() -> Path:
    """Return the folder of Material's templates."""
    import material

    return Path(material.__file__).parent / "templates"


@lru_cache(maxsize=8)
def script_hashes(overrides: Path) -> tuple[str, ...]:
    """Return the CSP hash source of each inline script the theme's partials write."""
    hashes = []
    for name in THEME_SCRIPTS:
        path = overrides / name
        if not path.is_file():
            path = material_templates() / name
        for body in _SCRIPT_RE.findall(path.read_text(encoding="utf-8")):
            if "{{" in body or "{%" in body:
                raise ValueError(f"{path}: an inline script varies per page; it cannot be hashed")
            digest = hashlib.sha256(body.encode("utf-8")).digest()
            hashes.append(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return tuple(hashes)


def content_security_policy(overrides: Path) -> str:
    """Return the policy: own origin only, the theme's inline scripts by hash, no plugins."""
    # 'wasm-unsafe-eval': Pagefind's search runs as WebAssembly, which the browser compiles
    # (issue 20); it allows WebAssembly only, not eval() of JavaScript.
    scripts = " ".join(("'self'", "'wasm-unsafe-eval'", *script_hashes(overrides)))
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        # Material's stylesheet masks its icons with data: SVGs; inline styles cannot run code.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "frame-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])  # fmt: skip
