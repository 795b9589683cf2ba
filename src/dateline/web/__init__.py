"""The web UI: ``dateline serve`` serves a knowledge base read-only (FastAPI + Jinja2).

::

    from dateline.web import create_app
    app = create_app("dateline.db")       # an ASGI app: uvicorn, TestClient, ...
"""

from __future__ import annotations

from dateline.web.app import create_app

__all__ = ["create_app"]
