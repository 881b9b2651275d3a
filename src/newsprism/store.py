"""Local SQLite store of articles, stories, copy links and cached briefs (WAL, one transaction per batch).

Articles are stored whole (every model field, as JSON) so they round-trip; re-adding the same
article (same source and same content hash) adds nothing.  Stories carry a version that grows on every
change; a cached brief is served only while its story's version is unchanged.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone

from . import copies
from .errors import StoreError
from .model import Article, ArticleInfo, CopyGroup, Outlet, Paragraph, Sentence, Story, to_dict

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
  rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, source TEXT NOT NULL, content_hash TEXT NOT NULL,
  title TEXT, outlet TEXT, date TEXT, text TEXT, json TEXT NOT NULL, story_id TEXT,
  added_at TEXT NOT NULL, UNIQUE (source, content_hash));
CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id);
CREATE TABLE IF NOT EXISTS stories (
  id TEXT PRIMARY KEY, title TEXT, size INTEGER DEFAULT 0, outlets TEXT DEFAULT '[]',
  first_seen TEXT DEFAULT '', last_seen TEXT DEFAULT '', created_at TEXT, updated_at TEXT,
  version INTEGER DEFAULT 0);
CREATE TABLE IF NOT EXISTS signatures (
  article_id TEXT PRIMARY KEY, sig BLOB NOT NULL, size INTEGER NOT NULL, text_hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS copy_links (
  a TEXT NOT NULL, b TEXT NOT NULL, kind TEXT NOT NULL, similarity REAL, PRIMARY KEY (a, b));
CREATE INDEX IF NOT EXISTS copy_links_b ON copy_links(b);
CREATE TABLE IF NOT EXISTS briefs (story_id TEXT PRIMARY KEY, version INTEGER NOT NULL, json TEXT NOT NULL,
  conflicts INTEGER);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS outlets (key TEXT PRIMARY KEY, json TEXT NOT NULL);
"""
FTS = """CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
  title, text, content='articles', content_rowid='rowid');"""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def content_hash(a: Article) -> str:
    """Hash of what an article says (title + text), whitespace-insensitive."""
    return hashlib.sha1(" ".join((a.title + "\n" + (a.text or a.raw_text)).split()).encode()).hexdigest()


def article_to_json(a: Article) -> str:
    d = to_dict(a)
    d["raw_text"] = a.raw_text if a.raw_text != a.text else None
    return json.dumps(d, ensure_ascii=False)


def article_from_json(s: str) -> Article:
    d = json.loads(s)
    raw = d.pop("raw_text", None)
    paras = [Paragraph(**p) for p in d.pop("paragraphs", [])]
    sents = [Sentence(**x) for x in d.pop("sentences", [])]
    known = set(Article.__dataclass_fields__)
    a = Article(**{k: v for k, v in d.items() if k in known}, paragraphs=paras, sentences=sents)
    a.raw_text = raw if raw is not None else a.text
    return a


def rename_article(a: Article, new_id: str) -> None:
    """Give an article a new id, keeping its sentence ids consistent."""
    old, a.id = a.id, new_id
    for s in a.sentences:
        s.article_id = new_id
        if s.id.startswith(old + ":"):
            s.id = new_id + s.id[len(old):]


class Store:
    """The local store. Use as a context manager, or call close()."""

    def __init__(self, path: str = "newsprism.db", must_exist: bool = False):
        self.path = path
        if must_exist and path != ":memory:" and not os.path.exists(path):
            raise StoreError(f"{path}: no such store (create one with: newsprism add FILES --db {path})")
        try:
            self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(SCHEMA)
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open the store ({exc})") from None
        try:
            self.db.execute(FTS)
            self.fts = True
        except sqlite3.OperationalError:  # SQLite built without FTS5: fall back to LIKE
            self.fts = False
        self._brief_counts = self._add_column("briefs", "conflicts", "INTEGER")
        self._depth = 0
        self._lock = threading.RLock()
        self._writer = None  # open lock file while this process is the store's one writer

    def _add_column(self, table: str, column: str, decl: str) -> bool:
        """Add a column that stores made by an older version lack; False when it cannot (read-only file)."""
        if any(r[1] == column for r in self.db.execute(f"PRAGMA table_info({table})")):
            return True
        try:
            self.db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")
        except sqlite3.OperationalError:
            return False
        return True

    def lock_writer(self, on_wait=None) -> None:
        """Become the store's only writer (an exclusive lock on `<store>.lock`, released by close()).

        Clustering keeps state in memory (counts, the active window, the next story id), so two writers
        would each work from a stale copy and reuse each other's story ids. A second writer waits here
        (after telling `on_wait` why) until the first one closes the store; a killed writer's lock goes
        with its process.
        """
        if self._writer is not None or self.path == ":memory:":
            return
        path = self.path + ".lock"
        try:
            fh = open(path, "a+")  # noqa: SIM115 - held until close()
        except OSError as exc:
            raise StoreError(f"{path}: cannot create the store's lock file ({exc.strerror or exc})") from None
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait:
                on_wait(f"{self.path} is being written by another newsprism process; waiting for it to finish")
            fcntl.flock(fh, fcntl.LOCK_EX)
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        self._writer = fh

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()
        if self._writer is not None:
            self._writer.close()  # releases the writer lock
            self._writer = None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All writes inside commit together or not at all; nested uses join the outer transaction."""
        with self._lock:
            outer = self._depth == 0
            if outer:
                self.db.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self.db
            except BaseException:
                self._depth -= 1
                if outer:
                    self.db.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outer:
                self.db.execute("COMMIT")

    # --- articles ---------------------------------------------------------------------------------
    def add_articles(self, articles: Iterable[Article]) -> tuple[list[Article], list[Article]]:
        """Store new articles; returns (added, duplicates). Ids that clash get a suffix."""
        added, dups = [], []
        with self.transaction() as db:
            for a in articles:
                h = content_hash(a)
                if db.execute("SELECT 1 FROM articles WHERE source=? AND content_hash=?",
                              (a.source or a.id, h)).fetchone():
                    dups.append(a)
                    continue
                prefix = a.metadata.get("id_prefix") if isinstance(a.metadata, dict) else None
                if (prefix and not a.id.startswith(prefix + "-")
                        and db.execute("SELECT 1 FROM articles WHERE id=?", (a.id,)).fetchone()
                        and not db.execute("SELECT 1 FROM articles WHERE id=?", (f"{prefix}-{a.id}",)).fetchone()):
                    rename_article(a, f"{prefix}-{a.id}")  # a record id another input already used
                if db.execute("SELECT 1 FROM articles WHERE id=?", (a.id,)).fetchone():
                    rename_article(a, f"{a.id}-{h[:8]}")
                    if db.execute("SELECT 1 FROM articles WHERE id=?", (a.id,)).fetchone():
                        dups.append(a)  # same text under the same name from another run
                        continue
                cur = db.execute(
                    "INSERT INTO articles (id, source, content_hash, title, outlet, date, text, json, added_at)"
                    " VALUES (?,?,?,?,?,?,?,?,?)",
                    (a.id, a.source or a.id, h, a.title, a.outlet, a.date, a.text, article_to_json(a), now()))
                if self.fts:
                    db.execute("INSERT INTO articles_fts (rowid, title, text) VALUES (?,?,?)",
                               (cur.lastrowid, a.title, a.text))
                added.append(a)
        return added, dups

    def get_article(self, article_id: str) -> Article:
        row = self.db.execute("SELECT json FROM articles WHERE id=?", (article_id,)).fetchone()
        if row is None:
            raise KeyError(article_id)
        return article_from_json(row[0])

    def articles(self, ids: list[str] | None = None) -> list[Article]:
        if ids is None:
            rows = self.db.execute("SELECT json FROM articles ORDER BY rowid").fetchall()
            return [article_from_json(r[0]) for r in rows]
        got = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            q = f"SELECT id, json FROM articles WHERE id IN ({','.join('?' * len(chunk))})"
            got.update({r[0]: r[1] for r in self.db.execute(q, chunk)})
        return [article_from_json(got[i]) for i in ids if i in got]

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def unassigned(self) -> list[Article]:
        """Articles stored without a story (none after a normal run)."""
        rows = self.db.execute("SELECT json FROM articles WHERE story_id IS NULL ORDER BY rowid").fetchall()
        return [article_from_json(r[0]) for r in rows]

    # --- stories ----------------------------------------------------------------------------------
    def assign(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Put articles in stories (article id, story id) and refresh those stories' summaries."""
        touched = set()
        with self.transaction() as db:
            for aid, sid in pairs:
                db.execute("UPDATE articles SET story_id=? WHERE id=?", (sid, aid))
                touched.add(sid)
            for sid in touched:
                self._refresh_story(sid)

    def _refresh_story(self, sid: str) -> None:
        rows = self.db.execute("SELECT title, outlet, date FROM articles WHERE story_id=? ORDER BY rowid",
                               (sid,)).fetchall()
        outlets = sorted({r[1] for r in rows if r[1]})
        dates = sorted(r[2] for r in rows if r[2])  # the time added is no date: undated stories stay undated
        title = next((r[0] for r in rows if r[0]), "")
        t = now()
        self.db.execute(
            "INSERT INTO stories (id, title, size, outlets, first_seen, last_seen, created_at, updated_at, version)"
            " VALUES (?,?,?,?,?,?,?,?,1) ON CONFLICT(id) DO UPDATE SET title=excluded.title, size=excluded.size,"
            " outlets=excluded.outlets, first_seen=excluded.first_seen, last_seen=excluded.last_seen,"
            " updated_at=excluded.updated_at, version=stories.version+1",
            (sid, title, len(rows), json.dumps(outlets), dates[0] if dates else "", dates[-1] if dates else "", t, t))

    def _story(self, row, with_ids: bool = True) -> Story:
        sid = row[0]
        ids = [r[0] for r in self.db.execute("SELECT id FROM articles WHERE story_id=? ORDER BY rowid", (sid,))] \
            if with_ids else []
        return Story(id=sid, title=row[1] or "", article_ids=ids, outlets=json.loads(row[3] or "[]"),
                     first_seen=row[4] or "", last_seen=row[5] or "")

    _COLS = "id, title, size, outlets, first_seen, last_seen"

    def stories(self, since: str | None = None, query: str | None = None, limit: int | None = None,
                with_ids: bool = True) -> list[Story]:
        """Stories, newest (last seen) first; `since` an ISO date, `query` words to search for.
        with_ids=False leaves article_ids empty (one query instead of one per story, for long lists)."""
        if query:
            found = self.search(query)
            if since:
                found = [s for s in found if s.last_seen >= since]
            return found[:limit] if limit else found
        sql, args = f"SELECT {self._COLS} FROM stories WHERE size > 0", []
        if since:
            sql += " AND last_seen >= ?"
            args.append(since)
        sql += " ORDER BY last_seen DESC, updated_at DESC, id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [self._story(r, with_ids) for r in self.db.execute(sql, args).fetchall()]

    def story_sizes(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT id, size FROM stories").fetchall())

    def story(self, story_id: str) -> Story:
        row = self.db.execute(f"SELECT {self._COLS} FROM stories WHERE id=?", (story_id,)).fetchone()
        if row is None:
            raise KeyError(story_id)
        return self._story(row)

    def story_articles(self, story_id: str) -> list[Article]:
        rows = self.db.execute("SELECT json FROM articles WHERE story_id=? ORDER BY date, rowid", (story_id,))
        return [article_from_json(r[0]) for r in rows.fetchall()]

    def story_infos(self, story_id: str) -> list[ArticleInfo]:
        """What the coverage of a story needs (id, title, outlet, date, url, source, agency), without the texts."""
        rows = self.db.execute(
            "SELECT id, title, outlet, date, json_extract(json, '$.url'), json_extract(json, '$.source'),"
            " json_extract(json, '$.agency') FROM articles WHERE story_id=? ORDER BY date, rowid", (story_id,))
        return [ArticleInfo(id=r[0], title=r[1] or "", outlet=r[2] or "", date=r[3] or "", url=r[4] or "",
                            source=r[5] or "", agency=r[6] or "") for r in rows.fetchall()]

    def conflict_counts(self) -> dict[str, int]:
        """Story id -> conflicts in its cached brief, for stories whose brief is up to date."""
        # the count saved beside the brief: parsing every brief's JSON on each list request grew with their size
        count = "json_array_length(json_extract(b.json, '$.conflicts'))"
        if self._brief_counts:
            count = f"COALESCE(b.conflicts, {count})"  # briefs saved before the column existed
        rows = self.db.execute(
            f"SELECT b.story_id, {count} FROM briefs b"
            " JOIN stories s ON s.id = b.story_id WHERE b.version = s.version")
        return {r[0]: r[1] or 0 for r in rows.fetchall()}

    def story_version(self, story_id: str) -> int:
        row = self.db.execute("SELECT version FROM stories WHERE id=?", (story_id,)).fetchone()
        return row[0] if row else 0

    def search(self, query: str) -> list[Story]:
        """Stories with an article whose title or text matches `query` (FTS5 when available)."""
        if self.fts:
            terms = " ".join('"' + t.replace('"', '""') + '"' for t in query.split())
            try:
                rows = self.db.execute(
                    "SELECT DISTINCT a.story_id FROM articles_fts f JOIN articles a ON a.rowid=f.rowid"
                    " WHERE articles_fts MATCH ? ORDER BY f.rank", (terms,)).fetchall()
            except sqlite3.OperationalError:
                rows = []
        else:
            like = f"%{query}%"
            rows = self.db.execute("SELECT DISTINCT story_id FROM articles WHERE title LIKE ? OR text LIKE ?",
                                   (like, like)).fetchall()
        out = []
        for (sid,) in rows:
            if sid:
                row = self.db.execute(f"SELECT {self._COLS} FROM stories WHERE id=?", (sid,)).fetchone()
                if row:
                    out.append(self._story(row))
        return sorted(out, key=lambda s: s.last_seen, reverse=True)

    # --- briefs cache -----------------------------------------------------------------------------
    def save_brief(self, story_id: str, brief: dict) -> None:
        with self.transaction() as db:
            row = (story_id, self.story_version(story_id), json.dumps(brief, ensure_ascii=False))
            if self._brief_counts:
                db.execute("INSERT OR REPLACE INTO briefs (story_id, version, json, conflicts) VALUES (?,?,?,?)",
                           (*row, len(brief.get("conflicts") or [])))
            else:
                db.execute("INSERT OR REPLACE INTO briefs (story_id, version, json) VALUES (?,?,?)", row)

    def get_brief(self, story_id: str) -> dict | None:
        """The cached brief, or None when there is none or the story changed since it was made."""
        row = self.db.execute("SELECT version, json FROM briefs WHERE story_id=?", (story_id,)).fetchone()
        if row is None or row[0] != self.story_version(story_id):
            return None
        return json.loads(row[1])

    # --- copies -----------------------------------------------------------------------------------
    def save_signatures(self, rows: Iterable[tuple[str, bytes, int, str]]) -> None:
        with self.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO signatures (article_id, sig, size, text_hash) VALUES (?,?,?,?)",
                           rows)

    def signatures(self, ids: list[str] | None = None) -> Iterator[tuple[str, bytes, int, str]]:
        """(article id, signature, shingle count, text hash): all in stored order, or those of `ids` in that order."""
        sql = "SELECT article_id, sig, size, text_hash FROM signatures"
        if ids is None:
            yield from self.db.execute(sql + " ORDER BY rowid")
            return
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            got = {r[0]: r for r in self.db.execute(f"{sql} WHERE article_id IN ({','.join('?' * len(chunk))})",
                                                     chunk)}
            yield from (got[k] for k in chunk if k in got)

    def signature_dates(self) -> Iterator[tuple[str, str]]:
        """(article id, article date or '') of every stored signature, newest stored first (no blobs read)."""
        yield from self.db.execute("SELECT s.article_id, COALESCE(a.date, '') FROM signatures s"
                                   " JOIN articles a ON a.id = s.article_id ORDER BY s.rowid DESC")

    def add_copy_links(self, links: Iterable[tuple[str, str, str, float]]) -> None:
        with self.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO copy_links (a, b, kind, similarity) VALUES (?,?,?,?)", links)

    def copy_groups(self, story_id: str) -> list[CopyGroup]:
        """Copy groups among a story's articles, from the stored copy links."""
        ids = [r[0] for r in self.db.execute("SELECT id FROM articles WHERE story_id=? ORDER BY rowid",
                                              (story_id,))]
        links = self.db.execute(
            "SELECT l.a, l.b, l.kind, l.similarity FROM copy_links l JOIN articles x ON x.id=l.a"
            " JOIN articles y ON y.id=l.b WHERE x.story_id=? AND y.story_id=?", (story_id, story_id)).fetchall()
        return copies.group_links(ids, links)

    # --- outlet table -----------------------------------------------------------------------------
    def import_outlets(self, outlets: Iterable[Outlet], replace: bool = False) -> int:
        """Add or update outlets (keyed by domain, else name); cached briefs are dropped (their coverage changes)."""
        n = 0
        with self.transaction() as db:
            if replace:
                db.execute("DELETE FROM outlets")
            for o in outlets:
                key = o.domain or "name:" + o.name.lower()
                db.execute("INSERT OR REPLACE INTO outlets (key, json) VALUES (?,?)",
                           (key, json.dumps(to_dict(o), ensure_ascii=False)))
                n += 1
            db.execute("DELETE FROM briefs")
        return n

    def outlets(self) -> list[Outlet]:
        return [Outlet(**json.loads(r[0])) for r in self.db.execute("SELECT json FROM outlets ORDER BY key")]

    # --- state ------------------------------------------------------------------------------------
    def get_meta(self, key: str, default=None):
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?,?)", (key, value))
