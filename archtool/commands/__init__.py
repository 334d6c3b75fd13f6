"""The command-line commands, one module per command or family of commands; :mod:`archtool.cli`
registers them from one table. A command parses its arguments, calls the pipeline or a workflow,
renders, and sets the exit code."""
