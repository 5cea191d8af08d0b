"""The depositary's words and record, read into facts and rules.

``notes`` its entry-into-force line, its endnotes (predecessors' instruments) and the League of
Nations' list; ``articles`` (with ``numbers``) the quoted article read into rules;
``inference`` rules checked against its record or inferred from it.
"""
