"""Synchronisation with the depositary (the UN Treaty Collection): ``manage.py sync_untc`` and
its scheduled task.

``client`` fetches each treaty's MTDSG status file under ``UNTC_BASE_URL`` (conditional
requests, retries, a rate and a size limit, no redirects); ``run`` applies each changed file in
its own transaction through the XML importer (``ingest.untc_xml``) with the ``changes`` hook,
which applies what the depositary's file wrote and sends any correction or removal of an
editor's act to review; ``lock`` keeps two syncs from running at once; ``review`` is what an
editor's decision on a queued change does. Runs and their changesets are ``ingest.models``.
"""

from .lock import SyncBusy
from .run import sync_untc

__all__ = ["SyncBusy", "sync_untc"]
