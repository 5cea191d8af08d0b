"""Importers of treaty events: the UN's MTDSG XML, the UN's status CSVs, our own CSV format.

All of them resolve participant names with ``states.services.StateMatcher`` and write through
``events.importers.base.events_apply``; each returns an ``ImportReport``.
"""
