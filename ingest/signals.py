"""Signals the ingest layer sends for the layers above it (``alerts``) to act on.

``sync_finished`` — a sync with the depositary ended and its run is saved (``run_id``); sent
whatever the outcome, once its changes are committed.
"""

from django.dispatch import Signal

sync_finished = Signal()
