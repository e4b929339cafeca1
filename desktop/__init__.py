"""Ansvarsgruppe: plan, run and document Norwegian responsibility-group meetings."""

APP_NAME = "Ansvarsgruppe"
APP_ID = "ansvarsgruppe"
__version__ = "0.1.0"
