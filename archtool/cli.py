"""The ``archtool`` command line: one typer application, every command registered the same way.

Each module of :mod:`archtool.commands` holds the functions of its commands; :data:`COMMANDS` lists
them all. A command parses its arguments, calls the pipeline or a workflow, renders, and sets the
exit code (spec §6): 0 ran and nothing at or above ``--fail-on``; 1 findings at or above it; 2 could
not run (bad command line, path not found, unreadable file system, internal error).
"""

from __future__ import annotations

import importlib
import os
import sys

# The command line uses no pydantic plugin: skip pydantic's scan of every installed distribution's
# entry points when the first schema is built (20–45 ms of each start). A value the user set wins
# (``PYDANTIC_DISABLE_PLUGINS=`` empty turns plugins back on); importing archtool as a library
# leaves pydantic as it is.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import typer  # noqa: E402 - after the setting above

from archtool import __version__
from archtool.commands.common import STATE, guarded

app = typer.Typer(
    name="archtool",
    help="Kiến trúc ICT của tỉnh dưới dạng mã: kiểm tra trùng lặp, thiếu hụt, xuất báo cáo.\n\n"
         "A province's ICT architecture as code: check duplication and gaps, publish reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
GROUPS = {"catalog": typer.Typer(help="Duyệt danh mục tham chiếu. / Browse the reference catalogs.", no_args_is_help=True)}

#: command name (``group name`` for a subcommand) -> (module of archtool.commands, function)
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("check", "check"),
    "schema": ("check", "schema"),
    "rules": ("check", "rules"),
    "catalog list": ("check", "catalog_list"),
    "catalog show": ("check", "catalog_show"),
    "build": ("build", "build"),
    "export": ("export", "export"),
    "review": ("review", "review"),
    "diff": ("diff", "diff"),
    "merge": ("merge", "merge"),
    "import": ("inventory", "import_workbook"),
    "template": ("inventory", "template"),
    "init": ("init", "init"),
}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"archtool {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Phiên bản. / Show the version."),
    debug: bool = typer.Option(False, "--debug", help="Hiện traceback khi có lỗi nội bộ. / Show tracebacks on internal errors."),
) -> None:
    STATE["debug"] = debug


def _register() -> None:
    for name, (module, function) in COMMANDS.items():
        fn = getattr(importlib.import_module(f"archtool.commands.{module}"), function)
        group, _, sub = name.rpartition(" ")
        (GROUPS[group] if group else app).command(sub)(guarded(fn))
    for name, group in GROUPS.items():
        app.add_typer(group, name=name)


_register()


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        sys.stderr.write("archtool: interrupted\n")
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
