"""The `trialsite` command (click only): one thin function per command, calling one stage."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .errors import TrialsiteError

logger = logging.getLogger("generator")


class _ClickHandler(logging.Handler):
    """Print log records as `WARNING: ...` lines on standard error."""

    def emit(self, record: logging.LogRecord) -> None:
        prefix = "" if record.levelno == logging.INFO else f"{record.levelname}: "
        click.echo(f"{prefix}{record.getMessage()}", err=True)


def _setup_logging(verbose: int, quiet: bool) -> None:
    level = logging.ERROR if quiet else logging.DEBUG if verbose else logging.INFO
    logger.handlers[:] = [_ClickHandler()]
    logger.setLevel(level)
    logger.propagate = False


def content_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the shared `--content DIR` option."""
    return click.option(
        "--content",
        "content_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("content"),
        show_default=True,
        help="Read trials, texts and settings from this folder.",
    )(func)


def strict_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the shared `--strict` option."""
    return click.option(
        "--strict", is_flag=True, help="Treat every warning as an error and fail the command."
    )(func)


class _Group(click.Group):
    """Show a traceback only with --debug; every other failure is one clear message."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            raise TrialsiteError("interrupted; nothing was changed") from None
        except Exception as exc:
            if ctx.meta.get("debug"):
                raise
            raise TrialsiteError(
                f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)"
            ) from None


@click.group(cls=_Group)
@click.version_option(package_name="trialsite")
@click.option("-v", "--verbose", count=True, help="Show more detail of what is done.")
@click.option("-q", "--quiet", is_flag=True, help="Show errors only.")
@click.option("--debug", is_flag=True, help="Show a full traceback when something fails.")
@click.pass_context
def main(ctx: click.Context, verbose: int, quiet: bool, debug: bool) -> None:
    """Publish clinical-trial registry records as a bilingual static website."""
    ctx.meta["debug"] = debug
    _setup_logging(verbose, quiet)


def registry_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the shared `--registry-url` and `--retries` options."""
    func = click.option(
        "--retries", type=click.IntRange(0, 10), default=4, show_default=True,
        help="Try a request again this many times when the registry is busy (429) or fails (5xx).",
    )(func)  # fmt: skip
    return click.option(
        "--registry-url", "registry_address", envvar="TRIALSITE_REGISTRY_URL", metavar="URL",
        help="Fetch from this ClinicalTrials.gov API v2 address instead of "
        "https://clinicaltrials.gov/api/v2 (also read from TRIALSITE_REGISTRY_URL).",
    )(func)  # fmt: skip


@main.command("init")
@click.argument(
    "folder", required=False, default=Path("."),
    type=click.Path(file_okay=False, path_type=Path),
)  # fmt: skip
def init_command(folder: Path) -> None:
    """Create FOLDER/content/ (default: here) for a new site: settings, glossary, terms, folders."""
    from .scaffold import init_content

    for path in init_content(folder):
        click.echo(f"created {path}{'/' if path.is_dir() else ''}")
    where = "" if folder == Path(".") else f"cd {folder}, "
    click.echo(
        f"Next: {where}edit content/site.yaml (title, publisher, contact, base_url), then add a"
        " trial with `trialsite import NCT01234567` (or a record saved under content/sources/),"
        " and run `trialsite check` and `trialsite build`."
    )


@main.command("import")
@click.argument("sources", nargs=-1)
@click.option(
    "--search", metavar="QUERY",
    help="Also import every study of an API v2 search, such as "
    '"query.cond=lupus&query.intr=stem cells".',
)  # fmt: skip
@click.option(
    "--limit", type=click.IntRange(min=1), default=None,
    help="Import at most this many studies of the search.",
)  # fmt: skip
@click.option(
    "--with-related", is_flag=True,
    help="Also import the related trials the records list, so their links become pages here.",
)  # fmt: skip
@registry_options
@content_option
def import_command(
    sources: tuple[str, ...], search: str | None, limit: int | None, with_related: bool,
    registry_address: str | None, retries: int, content_dir: Path,
) -> None:  # fmt: skip
    """Import trials: NCT ids or study URLs (fetched from the registry), record files or folders.

    Files may be registry text, API v2 JSON (one study or a search page) or legacy XML; a folder
    imports every record file in it. A fetched study is kept under CONTENT/sources/.
    """
    from .importer.fetch import import_arguments
    from .importer.registry_api import Registry, registry_url

    if not sources and search is None:
        raise click.UsageError("give at least one NCT id, study URL, file or folder, or --search")
    if limit is not None and search is None:
        raise click.UsageError("--limit applies to --search only")
    registry = Registry(registry_url(registry_address), retries=retries)
    written = import_arguments(
        list(sources), content_dir, registry, search=search, limit=limit,
        with_related=with_related,
    )  # fmt: skip
    for path in written:
        click.echo(f"wrote {path}")


@main.command("refresh")
@click.argument("nct_ids", nargs=-1)
@click.option(
    "--force", is_flag=True,
    help="Take the registry's record even when it was last updated before ours.",
)  # fmt: skip
@registry_options
@content_option
def refresh_command(
    nct_ids: tuple[str, ...], force: bool, registry_address: str | None, retries: int,
    content_dir: Path,
) -> None:  # fmt: skip
    """Fetch every trial again (or the NCT ids given) and write the records that changed.

    Prints per trial unchanged, updated (with the fields that changed), new, removed from the
    registry or failed, then how many translations and reviewed patient texts are now stale.
    Exits 1 when a trial failed, including an older record refused without --force.
    """
    from .importer.refresh import refresh_trials
    from .importer.registry_api import Registry, registry_url

    registry = Registry(registry_url(registry_address), retries=retries)
    report = refresh_trials(content_dir, registry, [nct.upper() for nct in nct_ids], force)
    for line in report.lines:
        click.echo(line)
    if report.failed:
        raise TrialsiteError(report.summary())
    click.echo(report.summary())


@main.command("check")
@content_option
@strict_option
def check_command(content_dir: Path, strict: bool) -> None:
    """Validate every trial and run the quality gates."""
    from .build import check, counted_warnings, stop
    from .gates.run import report_table

    with counted_warnings() as warnings:
        report = check(content_dir).report
    click.echo(report_table(report))
    click.echo(report.summary())
    stop(strict, warnings)


@main.command("build")
@content_option
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("site"),
    show_default=True,
    help="Write the built site into this folder, replacing it only when the build succeeds.",
)
@click.option(
    "--base-url", default=None, callback=lambda _c, _p, value: _site_url(value),
    help="Publish under this absolute https:// URL instead of site.yaml's.",
)  # fmt: skip
@strict_option
def build_command(content_dir: Path, site_dir: Path, base_url: str | None, strict: bool) -> None:
    """Check the content, render every page and build the site."""
    from .build import build

    click.echo(build(content_dir, site_dir, base_url=base_url, strict=strict))


@main.command("serve")
@content_option
@click.option(
    "-a", "--dev-addr", default="127.0.0.1:8000", show_default=True,
    help="Serve the preview on this address and port.",
)  # fmt: skip
@click.option(
    "--print-url", is_flag=True,
    help="Print the address the preview serves the site at (under site.yaml's path), and exit.",
)  # fmt: skip
def serve_command(content_dir: Path, dev_addr: str, print_url: bool) -> None:
    """Preview the site, rebuilding when content or templates change."""
    from .preview import preview_url, serve_site

    if print_url:
        click.echo(preview_url(content_dir, dev_addr))
        return
    serve_site(content_dir, dev_addr)


@main.command("explain")
@click.argument("nct_id")
@click.option(
    "--page", "audience", type=click.Choice(["patients"]), default="patients", show_default=True,
    help="Explain this page of the trial (the generated patient page).",
)  # fmt: skip
@click.option("--lang", default="en", show_default=True, help="Explain the page in this language.")
@content_option
def explain_command(nct_id: str, audience: str, lang: str, content_dir: Path) -> None:
    """List each sentence of a generated page with the record fields it was made from."""
    from .render.explain import explain_trial

    click.echo(explain_trial(content_dir, nct_id, lang), nl=False)


@main.group("translations")
def translations_group() -> None:
    """Manage the French catalogs of record text."""


@translations_group.command("update")
@click.argument("nct_ids", nargs=-1)
@content_option
def translations_update_command(nct_ids: tuple[str, ...], content_dir: Path) -> None:
    """Create or update the PO catalogs of the given trials (all trials by default)."""
    from .translations import update_catalogs

    for line in update_catalogs(content_dir, list(nct_ids)):
        click.echo(line)


def _site_url(value: str | None) -> str | None:
    """Return a --base-url checked as site.yaml's base_url is (issue 14)."""
    from .model import check_site_url

    if value is None:
        return None
    try:
        return check_site_url(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def run() -> None:
    """Run the command line, as the console script does."""
    main(prog_name="trialsite")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run())
