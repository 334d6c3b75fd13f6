"""Command modules. Each exposes ``register(app)``; they are listed in ``archtool.cli.COMMAND_MODULES``."""
