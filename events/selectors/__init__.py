"""Reads shared by the pages, the API, the feeds and the admin, each with a fixed number of
queries: ``participants`` (who stood where on a date), ``treaties`` (changes, the party count
over time, comparisons), ``history`` (a state's acts and their effects), ``feeds`` (what is
new and what is coming)."""
