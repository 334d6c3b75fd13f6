"""Planner and consultant workflows: review, diff, merge, import/template, init.

Each module is a library function returning data plus renderers; the modules of
:mod:`archtool.commands` are the thin command-line layer over them.
"""


class FlowError(Exception):
    """A workflow cannot run (bad input the user must fix); carries the exit code."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
