"""Command line: arguments only; the work is done by the library."""

from __future__ import annotations

import functools
import sys

import click

from . import cli_utils
from .errors import NewsprismError

# Commands import what they need when they run: `newsprism --help` must not load spaCy or scikit-learn.

CONTEXT = {"help_option_names": ["-h", "--help"]}

def budget_options(fn):
    """Reader budgets and fetch settings shared by `brief` and `add` (defaults: readers/common.py, url.py)."""
    from .readers import common, url
    opts = [
        click.option("--max-article-chars", type=int, default=None,
                     help=f"Cut longer article texts (default {common.MAX_ARTICLE_CHARS:,})."),
        click.option("--max-record-bytes", type=int, default=None,
                     help=f"Skip larger JSONL lines / CSV rows / fields (default {common.MAX_RECORD_BYTES:,})."),
        click.option("--max-page-bytes", type=int, default=None,
                     help=f"Skip larger HTML pages, WARC records, fetched pages (default {common.MAX_PAGE_BYTES:,})."),
        click.option("--max-file-bytes", "max_bytes", type=int, default=None,
                     help=f"Stop reading a file past this size (default {common.MAX_BYTES:,}; "
                          f"record files {common.MAX_RECORDS_FILE_BYTES:,})."),
        click.option("--max-extract-seconds", type=float, default=None,
                     help=f"Skip a page whose extraction takes longer (default {common.MAX_EXTRACT_SECONDS:g})."),
        click.option("--fetch-deadline", "deadline", type=float, default=None,
                     help=f"Give up on a URL after this many seconds in all (default {url.DEADLINE:g})."),
        click.option("--allow-private", is_flag=True, default=False,
                     help="Allow fetching private, loopback and link-local addresses (refused by default)."),
        click.option("--fetch", is_flag=True, default=False, help="Feeds: read the linked page of short entries."),
    ]
    for opt in reversed(opts):
        fn = opt(fn)
    return fn


def read_options(kw: dict) -> dict:
    """The reader options given on the command line (unset ones keep the library defaults)."""
    return {k: v for k, v in kw.items() if v not in (None, False)}


@click.group(context_settings=CONTEXT)
@click.version_option()
@click.option("-q", "--quiet", is_flag=True, help="Print only errors (no progress, counts or skipped inputs).")
@click.option("-v", "--verbose", is_flag=True, help="Also print per-stage timings and counts.")
@click.pass_context
def main(ctx, quiet, verbose) -> None:
    """newsprism: what several outlets say about one story, with evidence. '-' as an input reads standard input."""
    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose exclude each other")
    ctx.obj = {"quiet": quiet, "verbose": verbose}


def say(msg: str) -> None:
    """A progress or summary line on stderr, unless --quiet."""
    ctx = click.get_current_context(silent=True)
    if not (ctx and (ctx.find_root().obj or {}).get("quiet")):
        click.echo(msg, err=True)


def verbose() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx and (ctx.find_root().obj or {}).get("verbose"))


def report_skipped(lines: list[str], reasons: dict[str, int], warnings: dict[str, int] | None = None,
                   more: int = 0, summary: bool = True) -> None:
    """Every command alike: one 'skipped: path: problem (what to do)' or 'warning: …' line per input, then
    the counts by reason ('skipped 13 (broken-input: 12, too-large: 1); warnings: truncated: 2')."""
    for line in lines:
        say(line if line.startswith("warning:") else f"skipped: {line}")
    if more:
        say(f"skipped: … {more} more (listed in the run's output)")
    counts = {k: v for k, v in sorted(reasons.items()) if v and k != "duplicate"}
    warns = {k: v for k, v in sorted((warnings or {}).items()) if v}
    if summary and (counts or warns):
        text = f"skipped {sum(counts.values()):,}"
        text += f" ({', '.join(f'{k}: {v:,}' for k, v in counts.items())})" if counts else ""
        text += f"; warnings: {', '.join(f'{k}: {v:,}' for k, v in warns.items())}" if warns else ""
        say(text)


def reader_settings(opts: dict) -> dict:
    """Reader options from the command line: record field names (--text-field ...) and budgets/fetch settings."""
    fields_ = cli_utils.reader_options(opts)
    rest = {k: v for k, v in opts.items() if not k.endswith("_field")}
    return {**read_options(rest), **fields_}


def fields(fn):
    """--text-field ... --id-field: the record field holding each article field (JSONL/JSON/CSV inputs)."""
    for k in reversed(cli_utils.READER_FIELDS):
        fn = click.option(f"--{k}-field", f"{k}_field", default=None, metavar="NAME",
                          help=f"Record field holding the article's {k} (JSONL/JSON/CSV).")(fn)
    return fn


def library_errors(fn):
    """Library errors (NewsprismError) become one-line CLI errors."""
    @functools.wraps(fn)
    def run(*args, **kw):
        try:
            return fn(*args, **kw)
        except NewsprismError as err:
            raise click.ClickException(str(err)) from None
    return run


@main.command()
@click.argument("inputs", nargs=-1, required=False)
@click.option("--format", "fmt", type=click.Choice(["markdown", "md", "json", "html"]), default=None,
              help="Output format (default: from -o's extension, else markdown).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to this file (.md, .json, .html).")
@click.option("--backend", default="auto", show_default=True, help="Sentence similarity: auto, tfidf, minilm.")
@click.option("--sentences", default=5, show_default=True, type=click.IntRange(1, 50),
              help="Summary length in sentences.")
@click.option("--story", "story_id", default=None, help="Brief of this stored story (see `newsprism stories`).")
@click.option("--db", default="newsprism.db", show_default=True, type=click.Path(dir_okay=False),
              help="Store file used with --story.")
@click.option("--outlets", "outlets_file", default=None, type=click.Path(dir_okay=False, allow_dash=True),
              help="Outlet table (CSV/JSON: domain, name, lean, owner, country, kind) for coverage; "
                   "with --story the store's table is used by default.")
@budget_options
@fields
@library_errors
def brief(inputs, fmt, output, backend, sentences, story_id, db, outlets_file, **opts):
    """Brief of the story told by INPUTS (files, directories, URLs, '-'), or of a stored story (--story)."""
    if not inputs and not story_id:
        raise click.UsageError("give INPUTS or --story ID")
    from . import pipeline
    from .render import format_for_path, render

    fmt_of_path = format_for_path(output) if output else "markdown"  # refuses .pdf and the like up front
    fmt = fmt or fmt_of_path
    extra = {}
    if outlets_file:
        from .outlets import OutletTable, load_table
        extra["outlets"] = OutletTable(load_table(outlets_file))
    if story_id:
        from . import collection, store
        with store.Store(db, must_exist=True) as st:
            try:
                b = collection.story_brief(st, story_id, backend=backend, summary_sentences=sentences, **extra)
            except KeyError:
                raise click.ClickException(f"no story {story_id!r} in {db} (list them: newsprism stories)") from None
    else:
        paths = cli_utils.with_stdin(inputs, sys.stdin.buffer)
        b = pipeline.brief(paths, backend=backend, summary_sentences=sentences, **extra,
                           **reader_settings(opts))
    report_skipped(b.problems, b.stats.get("skipped", {}), b.stats.get("warnings", {}))
    if not b.articles:
        raise click.ClickException("no readable articles in the inputs")
    if verbose():
        timings = ", ".join(f"{k} {v}s" for k, v in b.stats.get("timings_s", {}).items())
        say(f"{len(b.articles)} articles, backend {b.stats.get('similarity_backend')}: {timings}")
    text = render(b, fmt)
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
        say(f"wrote {output}")
    else:
        sys.stdout.write(text)


DB = click.option("--db", default="newsprism.db", show_default=True, type=click.Path(dir_okay=False),
                  help="Store file.")


@main.command()
@DB
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--add", "inputs", multiple=True, help="Add these files/dirs/URLs to the store first (repeatable).")
@library_errors
def serve(db, host, port, inputs):
    """Web UI: stories, briefs, side-by-side articles (newsprism[web] extra)."""
    from .web import server
    if inputs:
        added, dups, problems, reasons = server.ingest(db, list(inputs), with_reasons=True)
        report_skipped(problems, reasons)
        say(f"added {added}, duplicates {dups}")
    server.serve(db, host=host, port=port, log=say)


@main.command("run")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Run directory (Parquet + run.json).")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True)
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Local engine: processes (default: all cores).")
@click.option("--address", default=None, help="Ray engine: cluster address (default: RAY_ADDRESS, else local Ray).")
@click.option("--num-cpus", type=click.IntRange(min=1), default=None, help="Ray engine: CPUs of a locally started Ray.")
@click.option("--no-text", is_flag=True, help="Leave article text out of the Parquet rows.")
@library_errors
def run_cmd(inputs, out, engine, workers, address, num_cpus, no_text):
    """Corpus run: INPUTS (files, dirs, @paths.txt, s3/https URLs; one shard each) -> Parquet, stories, copies."""
    from . import engines
    info = engines.run(list(inputs), out, engine=engine, workers=workers, address=address,
                       num_cpus=num_cpus, keep_text=not no_text)
    examples = info.get("skipped_examples", [])
    report_skipped(examples, info["skipped"], more=max(0, sum(info["skipped"].values()) - len(examples)))
    say(f"{info['articles']} articles, {info['stories']} stories ({info['multi_article_stories']} with "
        f">1 article), {info['copy_groups']} copy groups in {info['timings_s']['total']} s -> {out}")


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@DB
@click.option("--batch", default=200, show_default=True, type=click.IntRange(min=1),
              help="Articles per transaction (a kill loses at most one batch; the stories do not depend on it).")
@click.option("--cluster-unit", default=1000, show_default=True, type=click.IntRange(min=1),
              help="Articles given stories together, in input order (the rest at the end of the input); "
                   "a store's stories depend on it, so keep one value per store.")
@budget_options
@fields
@library_errors
def add(inputs, db, batch, cluster_unit, **opts):
    """Add INPUTS (files, directories, URLs, '-') to the store; they join existing stories or open new ones."""
    from rich.progress import Progress

    from . import collection, store
    paths = collection.expand(cli_utils.with_stdin(inputs, sys.stdin.buffer))
    quiet = (click.get_current_context().find_root().obj or {}).get("quiet")
    with store.Store(db) as st, Progress(transient=True, disable=bool(quiet)) as bar:
        task = bar.add_task(f"adding articles from {len(paths)} input(s)", total=None)  # articles: unknown up front
        col = collection.Collection(st, on_wait=say, cluster_unit=cluster_unit)
        rep = col.ingest(paths, batch_size=batch, progress=lambda n: bar.advance(task, n), **reader_settings(opts))
    report_skipped(rep.problems, rep.skipped, rep.warnings, summary=False)
    counts = {k: v for k, v in rep.skipped.items() if v and k != "duplicate"}
    reasons = ", ".join(f"{k}: {v:,}" for k, v in sorted(counts.items()))
    warns = ", ".join(f"{k}: {v:,}" for k, v in sorted(rep.warnings.items()))
    click.echo(f"added {rep.added}, duplicates {rep.duplicates}, skipped {sum(counts.values()):,}"
               f"{' (' + reasons + ')' if reasons else ''}{'; warnings: ' + warns if warns else ''};"
               f" {len(rep.stories_touched)} stories touched -> {db}")


def _fmt(fmt: str | None) -> str:
    return fmt or ("table" if sys.stdout.isatty() else "tsv")


@main.command("stories")
@DB
@click.option("--since", default=None, help="Only stories seen on or after this date (YYYY-MM-DD).")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=0), help="Stories per page (0: all).")
@click.option("--page", default=1, show_default=True, type=click.IntRange(min=1))
@click.option("--sort", type=click.Choice(["latest", "outlets", "conflicts"]), default="latest", show_default=True,
              help="latest: newest first (undated last); outlets: most outlets; conflicts: most conflicts.")
@click.option("--query", default=None, help="Only stories whose articles match these words.")
@click.option("--lean", default="", help="Only stories carried by outlets of this lean (outlet table).")
@click.option("--country", default="", help="Only stories carried by outlets of this country (outlet table).")
@click.option("--format", "fmt", type=click.Choice(["json", "tsv", "table"]), default=None,
              help="Default: table on a terminal, else tsv.")
@library_errors
def stories_cmd(db, since, limit, page, sort, query, lean, country, fmt):
    """List stored stories: id, size, outlets, sources, conflicts, dates, coverage by lean, title."""
    from . import listing, store
    since = cli_utils.check_date(since)
    with store.Store(db, must_exist=True) as st:
        pg = listing.list_stories(st, sort=sort, page=page, per_page=limit or 10**9, query=query, since=since,
                                  lean=lean, country=country)
    flat, full = cli_utils.story_rows(pg)
    sys.stdout.write(cli_utils.emit(flat, _fmt(fmt), cli_utils.STORY_COLS, cli_utils.STORY_WIDTHS, full))
    say(f"{len(pg.rows)} of {pg.total} stories (page {pg.page} of {pg.pages})")


@main.group("outlets", invoke_without_command=True)
@DB
@click.option("--outlets", "outlets_file", default=None, type=click.Path(dir_okay=False, allow_dash=True),
              help="Use this outlet table instead of the store's.")
@click.option("--format", "fmt", type=click.Choice(["json", "tsv", "table"]), default=None,
              help="Default: table on a terminal, else tsv.")
@click.pass_context
@library_errors
def outlets_cmd(ctx, db, outlets_file, fmt):
    """Per outlet across the stored stories: stories covered, share of each lean's stories, wire share."""
    if ctx.invoked_subcommand:
        return
    from . import listing, store
    from .outlets import OutletTable, load_table
    with store.Store(db, must_exist=True) as st:
        table = OutletTable(load_table(outlets_file)) if outlets_file else None
        stats = listing.outlet_stats(st, table)
    sys.stdout.write(cli_utils.emit(cli_utils.outlet_rows(stats), _fmt(fmt), cli_utils.OUTLET_COLS, full=stats))
    say(f"{len(stats)} outlets")


@outlets_cmd.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@DB
@click.option("--replace", is_flag=True, help="Drop the stored table first (default: add and update rows).")
@library_errors
def outlets_import(file, db, replace):
    """Load an outlet table (CSV or JSON; '-' reads standard input) into the store; see docs/outlets.md."""
    from . import store
    from .outlets import load_table
    rows = load_table(file)
    with store.Store(db) as st:
        n = st.import_outlets(rows, replace=replace)
        total = len(st.outlets())
    say(f"imported {n} outlets ({total} in the table) -> {db}")


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["tsv"]), default="tsv", show_default=True)
@fields
@library_errors
def cluster(inputs, fmt, **field_opts):
    """One-shot: cluster INPUTS into stories and print article id <TAB> story id (nothing is stored)."""
    from . import collection
    paths = cli_utils.with_stdin(inputs, sys.stdin.buffer)
    pairs, rep = collection.cluster_paths(paths, **cli_utils.reader_options(field_opts))
    report_skipped(rep.problems, rep.skipped, rep.warnings)
    for aid, sid in pairs:
        click.echo(f"{aid}\t{sid}")


if __name__ == "__main__":
    main()
