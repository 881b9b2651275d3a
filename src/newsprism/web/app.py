"""FastAPI app: story list, story brief, article and side-by-side views, inline SVG charts, JSON API.

Everything shown comes from the store and from the brief JSON (pipeline.build_brief(...).to_dict());
article content is untrusted, so templates autoescape, hrefs take only http(s) URLs, and a strict CSP
forbids inline scripts.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from ..errors import NewsprismError
from ..model import to_dict
from . import charts, views

HERE = Path(__file__).parent
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}


class StoreAccess:
    """One store object shared (tests, fakes) or one Store per worker thread (SQLite connections)."""

    def __init__(self, store: Any = None, db_path: str | None = None):
        self._store, self._db_path, self._local = store, db_path, threading.local()

    def get(self) -> Any:
        if self._store is not None:
            return self._store
        st = getattr(self._local, "store", None)
        if st is None:
            from ..store import Store
            st = self._local.store = Store(self._db_path)
        return st


class BriefCache:
    """The stored brief when it covers the story's current articles (a story that gained or lost articles
    misses); else one is built and saved.

    `wait=None` builds in the request. Otherwise the build runs in a background thread (one at a time,
    one per story) and a request waits at most `wait` seconds for it, then gets None: "being built"."""

    def __init__(self, wait: float | None = None):
        self._lock = threading.Lock()  # one build at a time: the parser and encoder are shared
        self._wait = wait
        self._jobs: dict[str, threading.Thread] = {}
        self._failed: dict[str, str] = {}
        self._jobs_lock = threading.Lock()

    @staticmethod
    def _fresh(brief: Any, story: dict) -> dict | None:
        if brief is None:
            return None
        b = brief.to_dict() if hasattr(brief, "to_dict") else brief
        have = sorted(a.get("id", "") for a in b.get("articles", []))
        return b if have == sorted(story.get("article_ids", [])) else None

    def _build(self, store: Any, story_obj: Any) -> dict:
        story = to_dict(story_obj)
        with self._lock:
            b = self._fresh(store.get_brief(story["id"]), story)
            if b is None:
                from .. import listing, pipeline
                b = pipeline.build_brief(store.story_articles(story["id"]), story=story_obj,
                                         outlets=listing.table_of(store)).to_dict()
                store.save_brief(story["id"], b)
        return b

    def _background(self, access: StoreAccess, story_obj: Any) -> None:
        sid = to_dict(story_obj)["id"]
        try:
            self._build(access.get(), story_obj)
        except Exception as err:  # noqa: BLE001 - shown to the next request instead of lost in a thread
            self._failed[sid] = f"{type(err).__name__}: {err}"

    def get(self, access: StoreAccess, story_obj: Any) -> dict | None:
        """The story's brief, or None while it is being built in the background."""
        store = access.get()
        story = to_dict(story_obj)
        b = self._fresh(store.get_brief(story["id"]), story)
        if b is not None:
            return b
        if self._wait is None:
            return self._build(store, story_obj)
        sid = story["id"]
        with self._jobs_lock:
            if sid in self._failed:
                raise NewsprismError(f"the brief of story {sid!r} could not be built: {self._failed.pop(sid)}")
            job = self._jobs.get(sid)
            if job is None or not job.is_alive():
                job = self._jobs[sid] = threading.Thread(target=self._background, args=(access, story_obj),
                                                         name=f"brief-{sid}", daemon=True)
                job.start()
        job.join(self._wait)
        return self._fresh(store.get_brief(sid), story)

    def building(self, story_id: str) -> bool:
        job = self._jobs.get(story_id)
        return job is not None and job.is_alive()


class PageCache:
    """Rendered story pages keyed by the exact brief they show (a brief rebuilt or changed misses)."""

    def __init__(self, size: int = 32):
        self._pages: OrderedDict[tuple, str] = OrderedDict()
        self._size, self._lock = size, threading.Lock()

    @staticmethod
    def key(story: dict, brief: dict) -> tuple:
        blob = json.dumps([story, brief], sort_keys=True, ensure_ascii=False, default=str).encode()
        return story["id"], hashlib.sha1(blob).hexdigest()

    def get(self, key: tuple) -> str | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: tuple, page: str) -> None:
        if not self._size:
            return
        with self._lock:
            self._pages[key] = page
            while len(self._pages) > self._size:
                self._pages.popitem(last=False)


def _lookup(fn, key: str, what: str) -> Any:
    try:
        obj = fn(key)
    except (KeyError, LookupError):
        obj = None
    if obj is None:
        raise HTTPException(404, f"no {what} with id {key!r}")
    return obj


def create_app(store: Any = None, db_path: str | None = None, build_wait: float | None = None) -> FastAPI:
    """The web app over `store` (any object with the Store API) or over a Store opened at `db_path`.

    `build_wait`: None builds a missing brief inside the request; a number builds it in the background
    and answers "being built" (HTTP 202, the page reloads itself) after waiting that many seconds."""
    app = FastAPI(title="newsprism", docs_url=None, redoc_url=None, openapi_url=None)
    # NEWSPRISM_WEB_PAGE_CACHE=0 turns the rendered-page cache off (the load benchmark's baseline)
    size = 0 if os.environ.get("NEWSPRISM_WEB_PAGE_CACHE", "1") == "0" else 32
    access, cache, pages = StoreAccess(store, db_path), BriefCache(build_wait), PageCache(size)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    env = templates.env
    env.autoescape = True
    env.filters.update(safe_url=views.safe_url, q=views.q, frag=views.frag, when=views.readable_date)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.state.access, app.state.cache = access, cache

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        resp = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            resp.headers.setdefault(k, v)
        return resp

    @app.exception_handler(NewsprismError)
    async def library_error(request: Request, err: NewsprismError):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(err)}, status_code=500)
        return templates.TemplateResponse(request, "error.html", {"message": str(err)}, status_code=500)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, err: HTTPException):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": err.detail}, status_code=err.status_code)
        return templates.TemplateResponse(request, "error.html", {"message": str(err.detail)},
                                          status_code=err.status_code)

    def story_and_brief(story_id: str) -> tuple[dict, dict | None]:
        st = access.get()
        story_obj = _lookup(st.story, story_id, "story")
        return to_dict(story_obj), cache.get(access, story_obj)

    def building_page(request: Request, story: dict) -> HTMLResponse:
        return templates.TemplateResponse(request, "building.html", {"story": story}, status_code=202,
                                          headers={"Retry-After": "2"})

    @app.get("/", response_class=HTMLResponse)
    def index(request: Request, q: str = Query("", max_length=200), sort: str = Query("latest", pattern="^(latest|outlets|conflicts)$"),
              page: int = Query(1, ge=1), limit: int = Query(25, ge=1, le=2000),
              lean: str = Query("", max_length=100), country: str = Query("", max_length=100)):
        from .. import listing
        pg = listing.list_stories(access.get(), sort=sort, page=page, per_page=limit, query=q or None,
                                  lean=lean, country=country)
        rows = [{"story": to_dict(r.story), "coverage": to_dict(r.coverage), "conflicts": r.conflicts,
                 "outlets": [o.outlet for o in (r.coverage.outlets if r.coverage else []) if o.outlet] or r.story.outlets,
                 "bar": views.coverage_bar(to_dict(r.coverage)), "first": views.readable_date(r.story.first_seen),
                 "last": views.readable_date(r.story.last_seen)} for r in pg.rows]

        def link(n: int) -> str:
            from urllib.parse import urlencode
            params = {"q": q, "sort": sort, "lean": lean, "country": country, "limit": limit, "page": n}
            return urlencode({k: v for k, v in params.items() if v not in ("", None)})

        return templates.TemplateResponse(request, "stories.html", {"rows": rows, "pg": pg, "q": q, "lean": lean,
                                                                    "country": country, "link": link})

    @app.get("/stories/{story_id:path}/compare", response_class=HTMLResponse)
    def compare(request: Request, story_id: str, a: Annotated[list[str] | None, Query()] = None):
        story, brief = story_and_brief(story_id)
        if brief is None:
            return building_page(request, story)
        ids = [x for x in (a or []) if x in story.get("article_ids", [])] or list(story.get("article_ids", []))[:3]
        st = access.get()
        arts = [to_dict(_lookup(st.get_article, aid, "article")) for aid in ids]
        legend, marks = views.fact_marks(brief, ids)
        labels = views.article_labels(brief.get("articles", []) or arts)
        conflict_legend, sides = views.conflict_marks(brief, ids, labels)
        columns = [{"a": art, "label": labels.get(art["id"], art["id"]),
                    "segments": views.text_segments(art, marks, sides)} for art in arts]
        return templates.TemplateResponse(request, "compare.html", {
            "story": story, "columns": columns, "legend": legend, "conflict_legend": conflict_legend, "chosen": ids,
            "all_articles": brief.get("articles", []), "labels": labels})

    # ids may hold "/" (feed and URL ids): path converters, the /compare and /brief routes first
    @app.get("/stories/{story_id:path}", response_class=HTMLResponse)
    def story_page(request: Request, story_id: str):
        story, brief = story_and_brief(story_id)
        if brief is None:
            return building_page(request, story)
        key = pages.key(story, brief)
        html = pages.get(key)
        if html is None:
            labels = views.article_labels(brief.get("articles", []))
            conflicts = views.conflict_views(brief, labels)
            ctx = {"story": story, "b": brief, "labels": labels, "conflicts": conflicts,
                   "disputes": views.conflict_views(brief, labels, disputes=True),
                   "fact_conflicts": views.conflicts_of_facts(brief, conflicts),
                   "said_by": lambda citations: views.said(citations, labels),
                   "speakers": views.quotes_by_speaker(brief, labels),
                   "framing": views.framing_rows(brief, labels),
                   "tl": charts.timeline(brief, labels),
                   "cov": brief.get("coverage"), "cov_bar": views.coverage_bar(brief.get("coverage"), width=360),
                   "matrix": charts.fact_matrix(brief, labels)}
            html = templates.get_template("story.html").render(request=request, **ctx)
            pages.put(key, html)
        return HTMLResponse(html)

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse)
    def article_page(request: Request, article_id: str, story: str = ""):
        art = to_dict(_lookup(access.get().get_article, article_id, "article"))
        return templates.TemplateResponse(request, "article.html", {
            "a": art, "segments": views.text_segments(art), "story_id": story})

    @app.get("/api/stories")
    def api_stories(q: str = Query("", max_length=200), since: str = "",
                    sort: str = Query("latest", pattern="^(latest|outlets|conflicts)$"), page: int = Query(1, ge=1),
                    limit: int = Query(200, ge=1, le=2000), lean: str = Query("", max_length=100),
                    country: str = Query("", max_length=100)):
        from .. import listing
        pg = listing.list_stories(access.get(), sort=sort, page=page, per_page=limit, query=q or None,
                                  since=since or None, lean=lean, country=country)
        stories = [{**to_dict(r.story), "coverage": to_dict(r.coverage), "conflicts": r.conflicts} for r in pg.rows]
        return {"count": len(stories), "total": pg.total, "page": pg.page, "pages": pg.pages, "stories": stories}

    @app.get("/api/stories/{story_id:path}/brief")
    def api_brief(story_id: str):
        brief = story_and_brief(story_id)[1]
        if brief is None:
            return JSONResponse({"status": "building", "story": story_id}, status_code=202,
                                headers={"Retry-After": "2"})
        return brief

    @app.get("/api/stories/{story_id:path}")
    def api_story(story_id: str):
        st = access.get()
        story = to_dict(_lookup(st.story, story_id, "story"))
        from ..model import ArticleInfo
        infos = [to_dict(ArticleInfo.of(a)) if not isinstance(a, dict) else a for a in st.story_articles(story_id)]
        return {"story": story, "articles": infos}

    @app.get("/api/articles/{article_id:path}")
    def api_article(article_id: str):
        return to_dict(_lookup(access.get().get_article, article_id, "article"))

    return app
