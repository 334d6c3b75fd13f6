"""archtool: a Vietnamese province's ICT architecture as checkable, diffable, publishable code."""

__version__ = "0.1.0"
