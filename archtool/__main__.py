"""``python -m archtool``: the command line (:mod:`archtool.cli`)."""

from archtool.cli import main

main()
