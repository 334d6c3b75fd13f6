"""The ``archtool`` command line: one typer application, every command registered the same way.

Each module of :mod:`archtool.commands` holds the functions of its commands; :data:`COMMANDS` lists
them all. A command parses its arguments, calls the pipeline or a workflow, renders, and sets the
exit code (spec §6): 0 ran and nothing at or above ``--fail-on``; 1 findings at or above it; 2 could
not run (bad command line, path not found, unreadable file system, internal error).

The front door is archtool's own too: stdout and stderr are UTF-8 whatever the console code page;
a bad command line is one line in the user's language (built from the error's attributes, never
from Click's English text), not Click's box; help shows no ``<bool>``/``<list[Path]>`` placeholders
and has bilingual help for ``--help`` and the completion options; shell completion is on. Written
for typer 0.29, which vendors Click as ``typer._click`` (pyproject pins ``typer>=0.29,<0.30``).
"""

from __future__ import annotations

import difflib
import importlib
import os
import sys
from typing import Any, Sequence

# The command line uses no pydantic plugin: skip pydantic's scan of every installed distribution's
# entry points when the first schema is built (20–45 ms of each start). A value the user set wins
# (``PYDANTIC_DISABLE_PLUGINS=`` empty turns plugins back on); importing archtool as a library
# leaves pydantic as it is.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import typer  # noqa: E402 - after the setting above
from typer._click import exceptions as click_errors  # noqa: E402
from typer.core import TyperCommand, TyperGroup  # noqa: E402

from archtool import __version__
from archtool.commands.common import STATE, guarded, utf8_streams
from archtool.options import env_lang

HELP_TEXT = "Trợ giúp. / Show this help."
#: typer's own options, with help in both languages like every other option
OWN_HELP = {
    "install_completion": "Cài gợi ý lệnh (phím Tab) cho shell đang dùng. / Install completion for the current shell.",
    "show_completion": "In đoạn mã gợi ý lệnh để tự cài. / Print the completion script to install it yourself.",
}


class ExtraArguments(click_errors.UsageError):
    """More positional arguments than the command takes (``extra``: the ones left over)."""

    def __init__(self, ctx: Any, extra: list[str]) -> None:
        super().__init__("unexpected extra arguments", ctx)
        self.extra = extra


class UnknownCommand(click_errors.UsageError):
    """A word that names no command of the group (``known``: the names it has)."""

    def __init__(self, ctx: Any, name: str, known: list[str]) -> None:
        super().__init__(f"no such command {name!r}", ctx)
        self.name, self.known = name, known


class _OwnHelp:
    """``-h/--help`` with bilingual help; flags without ``<bool>``, lists as ``<path>…``."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help, option.metavar = HELP_TEXT, ""
        return option

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            param.help = OWN_HELP.get(param.name, param.help)
            descriptor = getattr(param, "type_descriptor", None)
            if param.metavar is not None or descriptor is None:
                continue
            if getattr(param, "is_flag", False):
                param.metavar = ""  # a switch takes no value
            elif descriptor.is_list and not descriptor.is_choice:  # <list[Path]> -> <path>…
                shown = f"<{param.bare_type().replace('list[', '').replace(']', '').lower()}>…"
                if param.param_type_name == "option":
                    param.metavar = shown
                else:  # an argument's metavar would rename it; only its type column changes
                    param.display_type = param.display_type_rich = lambda ctx, shown=shown: shown
        return params


class Command(_OwnHelp, TyperCommand):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        allow, ctx.allow_extra_args = ctx.allow_extra_args, True
        try:
            rest = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = allow
        if rest and not allow and not ctx.resilient_parsing:
            raise ExtraArguments(ctx, list(rest))
        return rest


class Group(_OwnHelp, TyperGroup):
    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None and not ctx.resilient_parsing:
            raise UnknownCommand(ctx, name, sorted(self.list_commands(ctx)))
        return super().resolve_command(ctx, args)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args=args, prog_name=prog_name, complete_var=complete_var, standalone_mode=False,
                                **extra)
        sys.exit(_run(self, args, prog_name or "archtool", complete_var, extra))


class App(typer.Typer):
    """A Typer whose commands and groups are :class:`Command` and :class:`Group`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("cls", Group)
        super().__init__(*args, **kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", Command)
        return super().command(*args, **kwargs)


def _lang(args: Sequence[str]) -> str:
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return "en" if args[i + 1] == "en" else "vi"
        if arg.startswith("--lang="):
            return "en" if arg.split("=", 1)[1] == "en" else "vi"
    return env_lang() or "vi"


def _typed(param: Any, args: Sequence[str]) -> str | None:
    """The value the user typed for ``param`` (the last one wins, as in Click)."""
    found = None
    for i, arg in enumerate(args):
        for name in getattr(param, "opts", ()) or ():
            if arg == name and i + 1 < len(args):
                found = args[i + 1]
            elif name.startswith("--") and arg.startswith(name + "="):
                found = arg.split("=", 1)[1]
            elif not name.startswith("--") and arg.startswith(name) and len(arg) > len(name):
                found = arg[len(name):]  # -fjson
    return found


def _choices(param: Any) -> list[str]:
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or not descriptor.is_choice:
        return []
    return [str(getattr(c, "value", c)) for c in (descriptor.choices or ())]


def usage_message(error: click_errors.UsageError, args: Sequence[str], lang: str) -> str:
    """One line in the user's language, built from the error's attributes."""
    vi = lang != "en"
    ctx = error.ctx
    where = f"{ctx.command_path} --help" if ctx is not None else "archtool --help"
    see = f" Xem: {where}" if vi else f" See: {where}"
    if isinstance(error, UnknownCommand):
        close = difflib.get_close_matches(error.name, error.known, n=1)
        hint = (f" Có phải ý bạn là '{close[0]}'?" if vi else f" Did you mean '{close[0]}'?") if close else ""
        return (f"không có lệnh '{error.name}'.{hint}" if vi else f"no such command '{error.name}'.{hint}") + see
    if isinstance(error, ExtraArguments):
        extra = " ".join(error.extra)
        return (f"thừa tham số: {extra}." if vi else f"unexpected extra arguments: {extra}.") + see
    if isinstance(error, click_errors.NoSuchOption):
        close = list(error.possibilities or ())
        if ctx is not None and not close:
            known = [o for p in ctx.command.get_params(ctx) for o in (*p.opts, *p.secondary_opts)]
            close = difflib.get_close_matches(error.option_name, known, n=1)
        hint = (f" Có phải ý bạn là {close[0]}?" if vi else f" Did you mean {close[0]}?") if close else ""
        return (f"không có tùy chọn {error.option_name}.{hint}" if vi
                else f"no such option {error.option_name}.{hint}") + see
    if isinstance(error, click_errors.BadOptionUsage):
        return (f"tùy chọn {error.option_name} cần một giá trị." if vi
                else f"option {error.option_name} needs a value.") + see
    if isinstance(error, click_errors.BadParameter) and error.param is not None:
        param = error.param
        label = ("/".join(param.opts) if param.param_type_name == "option"
                 else (param.metavar or param.name or "").strip("{}").upper())
        if isinstance(error, click_errors.MissingParameter):
            return (f"thiếu {label}." if vi else f"{label} is missing.") + see
        value, choices = _typed(param, args), _choices(param)
        shown = f" '{value}'" if value is not None else ""
        if choices:
            return (f"giá trị{shown} không hợp lệ cho {label}; chọn một trong: {', '.join(choices)}." if vi
                    else f"invalid value{shown} for {label}; choose one of: {', '.join(choices)}.")
        kind = getattr(getattr(param, "type_descriptor", None), "annotation", None)
        need_vi, need_en = {int: ("một số nguyên", "a whole number"), float: ("một số", "a number")}.get(
            kind, ("một giá trị hợp lệ", "a valid value"))
        return (f"giá trị{shown} không hợp lệ cho {label}: cần {need_vi}." if vi
                else f"invalid value{shown} for {label}: {need_en} is needed.") + see
    if ctx is not None and isinstance(ctx.command, TyperGroup):  # "Missing command."
        known = ", ".join(sorted(ctx.command.list_commands(ctx)))
        return (f"thiếu lệnh ({known})." if vi else f"a command is needed ({known}).") + see
    return f"{error.format_message()} ({'xem' if vi else 'see'}: {where})"  # pragma: no cover - no other kind


def _run(command: Any, args: Sequence[str] | None, prog: str, complete_var: str | None, extra: dict) -> int:
    """Run ``command`` with Click's standalone mode off; a usage error becomes one line on stderr
    (exit code 2) instead of Click's English box."""
    argv = list(sys.argv[1:] if args is None else args)
    try:  # args=None keeps typer's own argv handling (wildcard expansion on Windows)
        result = TyperGroup.main(command, args=args, prog_name=prog, complete_var=complete_var,
                                 standalone_mode=False, **extra)
    except click_errors.NoArgsIsHelpError as error:  # `archtool` alone: typer printed the help
        if error.format_message().strip():  # the plain (non-rich) formatter returns it instead
            typer.echo(error.format_message(), err=True)
        return error.exit_code
    except click_errors.UsageError as error:
        typer.echo(f"{prog}: {usage_message(error, argv, _lang(argv))}", err=True)
        return error.exit_code
    except click_errors.ClickException as error:  # pragma: no cover - file errors: archtool opens its own files
        typer.echo(f"{prog}: {error.format_message()}", err=True)
        return error.exit_code
    except typer.Abort:
        typer.echo(f"{prog}: đã dừng / aborted", err=True)
        return 1
    return result if isinstance(result, int) else 0


app = App(
    name="archtool",
    help="Kiến trúc ICT của tỉnh dưới dạng mã: kiểm tra trùng lặp, thiếu hụt, xuất báo cáo.\n\n"
         "A province's ICT architecture as code: check duplication and gaps, publish reports.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
GROUPS = {"catalog": App(help="Duyệt danh mục tham chiếu. / Browse the reference catalogs.", no_args_is_help=True)}

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
    utf8_streams()
    try:
        app(prog_name="archtool")
    except KeyboardInterrupt:  # pragma: no cover - outside a command (guarded handles those)
        sys.unraisablehook = lambda _unraisable: None
        sys.stderr.write("archtool: đã dừng / interrupted\n")
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
