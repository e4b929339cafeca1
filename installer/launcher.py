"""Entry script of the bundled executable: the same as ``python -m desktop``."""

from desktop.cli import entry

entry()
