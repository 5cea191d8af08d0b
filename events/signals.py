"""Signals the domain sends for the layers above it to act on (the domain imports none of them).

``treaty_recomputed`` — a recomputation wrote a treaty's derived dates (sent after the write's
transaction, with ``treaty_id``); ``alerts`` turns what changed into notices.
"""

from django.dispatch import Signal

treaty_recomputed = Signal()
