"""The admin's model pages, registered on the site by importing them (admin autodiscovery
imports ``editor.admin``)."""

from . import events, statements, states, sync, tokens, treaties

__all__ = ["events", "statements", "states", "sync", "tokens", "treaties"]
