"""The ``dateline`` command line: thin wrappers over the library.

The group and the helpers all commands share live here; each capability adds
its commands from a module of its own (see ``COMMAND_MODULES``).

Each command checks its arguments, calls one library function and turns
Dateline's own exceptions into a one-line error. Exit codes: 0 when every
item was read, 1 when some were skipped, 2 on a usage error.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Iterator

import click

from dateline import __version__
from dateline.article import parse_date
from dateline.errors import DatelineError, UsageError, printable
from dateline.ingest import ReadOptions, Report, parse_field_mappings

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE = 0, 1, 2


def _setup_logging(verbose: int, quiet: bool) -> None:
    """The library only logs; here the messages become ``dateline: ...`` lines on stderr."""
    level = logging.WARNING
    if verbose == 1:
        level = logging.INFO
    elif verbose > 1:
        level = logging.DEBUG
    if quiet:
        level = logging.ERROR
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine("dateline: %(message)s"))
    root = logging.getLogger("dateline")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


class _OneLine(logging.Formatter):
    """Each log record as one line: control characters in a file name or a title (a
    newline that would forge a second message, a terminal escape) are escaped."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        head, sep, trace = text.partition("\nTraceback")  # -vv tracebacks stay readable
        return printable(head) + (sep + trace if sep else "")


def say(message: object) -> None:
    """One ``dateline: ...`` line on stderr, control characters escaped."""
    click.echo(f"dateline: {printable(str(message))}", err=True)


def error_line(message: object) -> str:
    """The one line ``dateline: error: ...`` for a message, control characters escaped."""
    return f"dateline: error: {printable(str(message))}"


class Progress:
    """A progress bar on stderr, shown only when stderr is a terminal and not ``--quiet``.

    With a ``total`` it shows the share done, the rate and the time left. The bar starts
    with the first item (or :meth:`advance`), not when it is made, so loading the model
    is not counted as the first article's time; :meth:`advance` counts items done
    without passing through (an article already stored, left out before annotation).
    """

    def __init__(self, quiet: bool, unit: str = "article", total: int | None = None) -> None:
        self.disabled = quiet or not sys.stderr.isatty()
        self.unit, self.total = unit, total
        self._bar = None

    def _start(self, *, again: bool = False):
        """The bar, made on first use; ``again``: made anew from where it is, so that its
        clock starts now (the items left out before did not wait for the model)."""
        if self._bar is None or again:
            from tqdm import tqdm

            initial = 0
            if self._bar is not None:
                initial, self._bar.leave = self._bar.n, False
                self._bar.close()
            self._bar = tqdm(total=self.total, initial=initial, unit=f" {self.unit}s",
                             file=sys.stderr, dynamic_ncols=True, smoothing=0.1)  # fmt: skip
        return self._bar

    def advance(self, n: int = 1) -> None:
        if not self.disabled:
            self._start().update(n)

    def __call__(self, items: Iterable) -> Iterator:
        if self.disabled:
            yield from items
            return
        bar = None
        try:
            for item in items:
                bar = bar or self._start(again=True)
                yield item
                bar.update(1)
        finally:
            if self._bar is not None:
                self._bar.close()


def progress(
    items: Iterable, quiet: bool, unit: str = "article", total: int | None = None
) -> Iterator:
    """``items`` through a :class:`Progress` bar."""
    return Progress(quiet, unit, total)(items)


def _date_option(value: str | None) -> str | None:
    if value is None:
        return None
    parsed = parse_date(value)
    if parsed is None or len(value.strip()) != 10:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form")
    return parsed


def _remember(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    ctx.meta[f"dateline.{param.name}"] = value
    return value


def reading_options(func):
    """Options every command that reads sources shares."""
    options = [
        click.option(
            "--date",
            "date",
            metavar="YYYY-MM-DD",
            callback=lambda c, p, v: _date_option(v),
            help="Publication date for articles whose input gives none; "
            "relative dates ('last week') are resolved against it.",
        ),
        click.option(
            "--source", metavar="NAME", help="Outlet name for articles whose input names none."
        ),
        click.option(
            "--field",
            "fields",
            multiple=True,
            metavar="NAME=KEY",
            help="JSON Lines: read article field NAME (text, title, url, published, "
            "source, id, language) from key KEY. Repeatable.",
        ),
        click.option(
            "--format",
            "fmt",
            type=click.Choice(["text", "jsonl", "html", "feed", "warc"]),
            help="Read every input in this format instead of guessing it from the "
            "extension or the content.",
        ),
        # Not passed to the command function (expose_value=False): _read_options reads
        # them from the context, so commands keep their signatures.
        click.option(
            "--keep-non-english",
            is_flag=True,
            expose_value=False,
            callback=_remember,
            help="Keep articles detected as not English (skipped and counted by default).",
        ),
        click.option(
            "--keep-duplicates",
            is_flag=True,
            expose_value=False,
            callback=_remember,
            help="Keep exact duplicates (same canonical URL or text), dropped by default.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _read_options(date, source, fields, fmt) -> ReadOptions:
    try:
        mapped = parse_field_mappings(fields)
    except UsageError as err:
        raise click.UsageError(str(err)) from err
    meta = ctx.meta if (ctx := click.get_current_context(silent=True)) else {}
    return ReadOptions(
        fields=mapped,
        source=source,
        published=date,
        format=fmt,
        keep_non_english=meta.get("dateline.keep_non_english", False),
        dedup=not meta.get("dateline.keep_duplicates", False),
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dateline")
@click.option("-v", "--verbose", count=True, help="More messages on stderr (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary; errors only.")
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: bool) -> None:
    """Dateline: who said what, about whom, where and when, from news articles.

    Read articles (text, JSON Lines, folders, .gz, - for stdin), find the people
    and organisations in them, their quotes and the dates of what they said.
    """
    _setup_logging(verbose, quiet)
    ctx.obj = {"quiet": quiet}


def pipeline_options(func):
    """Options every command that annotates articles shares."""
    from dateline import settings

    options = [
        click.option(
            "--model",
            metavar="NAME",
            help="spaCy pipeline (package name or folder). "
            f"[default: $DATELINE_MODEL or {settings.get('model')}]",
        ),
        click.option(
            "--max-chars",
            type=click.IntRange(min=1),
            metavar="N",
            help=f"Skip articles longer than N characters. [default: {settings.get('max_chars')}]",
        ),
        click.option(
            "--batch-size",
            type=click.IntRange(min=1),
            metavar="N",
            help=f"Articles per spaCy batch. [default: {settings.get('batch_size')}]",
        ),
        click.option(
            "--workers",
            type=click.IntRange(min=1),
            default=1,
            show_default=True,
            metavar="N",
            help="Annotate with N processes (one model each); records stay in input order.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def annotate(articles, report: Report, model, batch_size, max_chars, workers, **guard):
    """Records of ``articles``, annotated in ``workers`` processes (one when 1) that a
    watchdog holds to the time budget (docs/scale.md); ``guard``: ``time_budget``,
    ``on_failed`` of :func:`dateline.scale.extract_parallel`."""
    from dateline.scale.local import check_model, extract_parallel

    check_model(model)  # a missing model fails here, once, not in every worker
    return extract_parallel(
        articles, workers, model, batch_size, max_chars=max_chars, report=report, **guard
    )


def _finish(report: Report, quiet: bool) -> None:
    if not quiet:
        say(report.summary())
    if report.read == 0 and report.n_skipped == 0:
        click.echo("dateline: no articles found in the given paths", err=True)
        sys.exit(EXIT_SKIPPED)
    sys.exit(EXIT_SKIPPED if report.n_skipped else EXIT_OK)


#: Modules under ``dateline.cli`` that add commands to :func:`cli`; one a capability.
COMMAND_MODULES = [
    "extract",
    "ingest",
    "query",
    "export",
    "kb",
    "serve",
    "scale",
    "watch",
]


def _register_commands() -> None:
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(f"dateline.cli.{name}")


def main() -> None:
    """Console-script entry point."""
    try:
        _register_commands()  # option help reads settings: a bad DATELINE_* fails here
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("dateline: aborted", err=True)
        sys.exit(130)
    except click.ClickException as err:
        err.show()
        sys.exit(EXIT_USAGE if isinstance(err, click.UsageError) else err.exit_code)
    except DatelineError as err:
        click.echo(error_line(err), err=True)
        sys.exit(EXIT_USAGE)
    except BrokenPipeError:
        sys.exit(EXIT_OK)
    except OSError as err:
        # The last guard for a file the command could not write or read: one line, not a
        # traceback (library code names its own errors; this catches what slips through).
        where = f": {err.filename}" if err.filename else ""
        click.echo(error_line(f"{err.strerror or err}{where}"), err=True)
        sys.exit(EXIT_USAGE)
