"""Command line: arguments only; the work is done by the library."""

from __future__ import annotations

import sys

import click

from . import pipeline
from .errors import NewsprismError
from .render import format_for_path, render


@click.group()
@click.version_option()
def main() -> None:
    """newsprism: what several outlets say about one story, with evidence."""


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["markdown", "md", "json", "html"]), default=None,
              help="Output format (default: from -o's extension, else markdown).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Write to this file.")
@click.option("--backend", default="auto", show_default=True, help="Sentence similarity: auto, tfidf, minilm.")
@click.option("--sentences", default=5, show_default=True, help="Summary length in sentences.")
def brief(inputs, fmt, output, backend, sentences):
    """Brief of the story told by INPUTS (files, directories, URLs)."""
    try:
        b = pipeline.brief(list(inputs), backend=backend, summary_sentences=sentences)
    except NewsprismError as err:
        raise click.ClickException(str(err)) from None
    for line in b.problems:
        click.echo(f"skipped: {line}", err=True)
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


if __name__ == "__main__":
    main()
