"""Ingestion at the edge: what reads or writes whole files of facts, and nothing else.

* ``untc_xml`` — the UN's MTDSG XML (one treaty per file, with its notes);
* ``untc_csv`` — the UN's status tables as CSV;
* ``interchange`` — the project's own CSV of events (import and export);
* ``demo`` — the demo dataset (its CSVs and the script that builds them from the UN's tables);
* ``backup`` — the portable export of everything and its restore;
* ``corpus_report`` — what an import of the UN corpus became (figures, contradictions);
* ``sync`` — the synchronisation with the depositary over HTTP (``sync_untc``), its runs and
  changesets in ``models``, applied through ``untc_xml``.

Every importer parses its format and hands rows to the domain's services
(``events.services.events_apply`` through ``ingest.base.apply_rows``, the treaties' and states'
own services); each returns an ``ImportReport``. The domain never imports this package.
"""
