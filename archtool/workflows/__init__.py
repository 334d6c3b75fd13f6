"""Planner and consultant workflows: review, diff, merge, import/template, init.

Each module is a library function returning data plus renderers; ``archtool/commands/flows.py``
is the thin command-line layer over them.
"""
