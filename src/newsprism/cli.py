"""Command line: arguments only; the work is done by the library."""

from __future__ import annotations

import sys

import click

from . import pipeline
from .errors import NewsprismError
from .render import format_for_path, render


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


@click.group()
@click.version_option()
def main() -> None:
    """newsprism: what several outlets say about one story, with evidence."""


@main.command()
@click.argument("inputs", nargs=-1, required=False)
@click.option("--format", "fmt", type=click.Choice(["markdown", "md", "json", "html"]), default=None,
              help="Output format (default: from -o's extension, else markdown).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Write to this file.")
@click.option("--backend", default="auto", show_default=True, help="Sentence similarity: auto, tfidf, minilm.")
@click.option("--sentences", default=5, show_default=True, help="Summary length in sentences.")
@click.option("--story", "story_id", default=None, help="Brief of this stored story (see `newsprism stories`).")
@click.option("--db", default="newsprism.db", show_default=True, type=click.Path(dir_okay=False),
              help="Store file used with --story.")
@budget_options
def brief(inputs, fmt, output, backend, sentences, story_id, db, **budgets):
    """Brief of the story told by INPUTS (files, directories, URLs), or of a stored story (--story)."""
    if not inputs and not story_id:
        raise click.UsageError("give INPUTS or --story ID")
    try:
        if story_id:
            from . import collection, store
            with store.Store(db) as st:
                try:
                    b = collection.story_brief(st, story_id, backend=backend, summary_sentences=sentences)
                except KeyError:
                    raise click.ClickException(f"no story {story_id!r} in {db} (list them: newsprism stories)") from None
        else:
            b = pipeline.brief(list(inputs), backend=backend, summary_sentences=sentences, **read_options(budgets))
    except NewsprismError as err:
        raise click.ClickException(str(err)) from None
    for line in b.problems:
        click.echo(line if line.startswith("warning:") else f"skipped: {line}", err=True)
    if not b.articles:
        raise click.ClickException("no readable articles in the inputs")
    fmt = fmt or (format_for_path(output) if output else "markdown")
    text = render(b, fmt)
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
        click.echo(f"wrote {output}", err=True)
    else:
        sys.stdout.write(text)


@main.command()
@click.option("--db", default="newsprism.db", show_default=True, type=click.Path(dir_okay=False), help="Store file.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--add", "inputs", multiple=True, help="Add these files/dirs/URLs to the store first (repeatable).")
def serve(db, host, port, inputs):
    """Web UI: stories, briefs, side-by-side articles (newsprism[web] extra)."""
    from .web import server
    try:
        if inputs:
            added, dups, problems = server.ingest(db, list(inputs))
            for line in problems:
                click.echo(f"skipped: {line}", err=True)
            click.echo(f"added {added}, duplicates {dups}", err=True)
        server.serve(db, host=host, port=port, log=lambda m: click.echo(m, err=True))
    except NewsprismError as err:
        raise click.ClickException(str(err)) from None


@main.command("run")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Run directory (Parquet + run.json).")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True)
@click.option("--workers", type=int, default=None, help="Local engine: processes (default: all cores).")
@click.option("--address", default=None, help="Ray engine: cluster address (default: RAY_ADDRESS, else local Ray).")
@click.option("--num-cpus", type=int, default=None, help="Ray engine: CPUs of a locally started Ray.")
@click.option("--no-text", is_flag=True, help="Leave article text out of the Parquet rows.")
def run_cmd(inputs, out, engine, workers, address, num_cpus, no_text):
    """Corpus run: INPUTS (files, dirs, @paths.txt, s3/https URLs; one shard each) -> Parquet, stories, copies."""
    from . import engines
    try:
        info = engines.run(list(inputs), out, engine=engine, workers=workers, address=address,
                           num_cpus=num_cpus, keep_text=not no_text)
    except NewsprismError as err:
        raise click.ClickException(str(err)) from None
    for reason, n in info["skipped"].items():
        click.echo(f"skipped {n}: {reason}", err=True)
    click.echo(f"{info['articles']} articles, {info['stories']} stories ({info['multi_article_stories']} with "
               f">1 article), {info['copy_groups']} copy groups in {info['timings_s']['total']} s -> {out}", err=True)



@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--db", default="newsprism.db", show_default=True, type=click.Path(dir_okay=False), help="Store file.")
@click.option("--batch", default=200, show_default=True, help="Articles per transaction.")
@budget_options
def add(inputs, db, batch, **budgets):
    """Add INPUTS (files, directories, URLs) to the store; they join existing stories or open new ones."""
    from rich.progress import Progress

    from . import collection, store
    paths = collection.expand(inputs)
    try:
        with store.Store(db) as st, Progress(transient=True) as bar:
            task = bar.add_task("adding", total=len(paths))
            col = collection.Collection(st, on_wait=lambda m: click.echo(m, err=True))
            rep = col.ingest(paths, batch_size=batch, progress=lambda n: bar.advance(task, n),
                             **read_options(budgets))
    except NewsprismError as err:
        raise click.ClickException(str(err)) from None
    for line in rep.problems:
        click.echo(line if line.startswith("warning:") else f"skipped: {line}", err=True)
    counts = {k: v for k, v in rep.skipped.items() if v and k != "duplicate"}
    reasons = ", ".join(f"{k}: {v:,}" for k, v in sorted(counts.items()))
    warns = ", ".join(f"{k}: {v:,}" for k, v in sorted(rep.warnings.items()))
    click.echo(f"added {rep.added}, duplicates {rep.duplicates}, skipped {sum(counts.values()):,}"
               f"{' (' + reasons + ')' if reasons else ''}{'; warnings: ' + warns if warns else ''};"
               f" {len(rep.stories_touched)} stories touched -> {db}")


@main.command("stories")
@click.option("--db", default="newsprism.db", show_default=True, type=click.Path(dir_okay=False), help="Store file.")
@click.option("--since", default=None, help="Only stories seen on or after this date (YYYY-MM-DD).")
@click.option("--limit", default=50, show_default=True, help="At most this many (0: all).")
@click.option("--query", default=None, help="Only stories whose articles match these words.")
def stories_cmd(db, since, limit, query):
    """List stored stories, newest first: id, size, outlets, first/last seen, title."""
    from . import store
    with store.Store(db) as st:
        rows = st.stories(since=since, query=query, limit=limit or None)
    for s in rows:
        click.echo(f"{s.id}\t{len(s.article_ids)}\t{', '.join(s.outlets) or '-'}\t{s.first_seen[:16]}\t"
                   f"{s.last_seen[:16]}\t{s.title[:80]}")
    click.echo(f"{len(rows)} stories", err=True)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["tsv"]), default="tsv", show_default=True)
def cluster(inputs, fmt):
    """One-shot: cluster INPUTS into stories and print article id <TAB> story id (nothing is stored)."""
    from . import collection
    pairs, rep = collection.cluster_paths(inputs)
    for line in rep.problems:
        click.echo(f"skipped: {line}", err=True)
    for aid, sid in pairs:
        click.echo(f"{aid}\t{sid}")


if __name__ == "__main__":
    main()
