"""The local web UI: FastAPI, Jinja2 templates, and a JSON API under /api behind every page.

Read-only, bound to 127.0.0.1 by default. Article text is untrusted: templates autoescape, data
for scripts travels in JSON islands (`<script type="application/json">`), and a
Content-Security-Policy allows scripts from this server only, so an injected handler or inline
script never runs.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from newstrace.align.edits import counted
from newstrace.api import Corpus
from newstrace.normalize import AliasTable
from newstrace.web import data

HERE = Path(__file__).parent
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
_DATE = r"^(\d{4}-\d{2}-\d{2})?$"  # dates are stored as YYYY-MM-DD and compared as text


def create_app(db: str | Path | None = None, aliases: AliasTable | None = None) -> FastAPI:
    app = FastAPI(title="newstrace", description="Stories, lineages and what changed, read from a newstrace store.",
                  docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.filters["counted"] = counted
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    local = threading.local()  # one SQLite connection per server thread

    def corpus() -> Corpus:
        if not hasattr(local, "corpus"):
            local.corpus = Corpus(db, aliases)
        return local.corpus

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    def page(request: Request, name: str, payload: dict[str, Any]) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"data": payload})

    def found(payload: dict[str, Any] | None, what: str) -> dict[str, Any]:
        if payload is None:
            raise HTTPException(404, f"no {what} with this id")
        return payload

    # JSON API -----------------------------------------------------------------------------
    @app.get("/api/corpus")
    def api_corpus() -> dict[str, Any]:
        return data.corpus_summary(corpus())

    @app.get("/api/search")
    def api_search(q: str = "", outlet: str = "", date_from: str = Query("", alias="from", pattern=_DATE),
                   date_to: str = Query("", alias="to", pattern=_DATE),
                   limit: int = Query(50, le=500)) -> dict[str, Any]:
        return data.search(corpus(), q, outlet, date_from, date_to, limit)

    @app.get("/api/story/{story_id:path}")
    def api_story(story_id: str) -> dict[str, Any]:
        return found(data.story(corpus(), story_id), "story")

    @app.get("/api/article/{article_id:path}")
    def api_article(article_id: str) -> dict[str, Any]:
        return found(data.article(corpus(), article_id), "article")

    @app.get("/api/compare")
    def api_compare(a: str, b: str) -> dict[str, Any]:
        return found(data.compare_view(corpus(), a, b), "pair of stored articles")

    @app.get("/api/outlets")
    def api_outlets() -> dict[str, Any]:
        return data.outlets(corpus())

    # pages --------------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def corpus_page(request: Request, q: str = "", outlet: str = "",
                    date_from: str = Query("", alias="from", pattern=_DATE),
                    date_to: str = Query("", alias="to", pattern=_DATE)) -> HTMLResponse:
        payload = api_corpus()
        payload["search"] = api_search(q, outlet, date_from, date_to, 50)
        return page(request, "corpus.html", payload)

    @app.get("/story/{story_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: str) -> HTMLResponse:
        return page(request, "story.html", api_story(story_id))

    @app.get("/article/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str) -> HTMLResponse:
        return page(request, "article.html", api_article(article_id))

    @app.get("/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare_page(request: Request, a: str, b: str) -> HTMLResponse:
        return page(request, "compare.html", api_compare(a, b))

    @app.get("/outlets", response_class=HTMLResponse, include_in_schema=False)
    def outlets_page(request: Request) -> HTMLResponse:
        return page(request, "outlets.html", api_outlets())

    return app
