"""The engine: from a treaty's rules and its events to dates, memberships and statuses.

``compute`` is the entry point (same-day ordering, the walk over states); ``entry`` the
treaty's own entry into force; ``effects`` when a consent or a withdrawal takes effect;
``per_state`` one state's walk, one handler per kind of event; ``periods`` status periods;
``readings`` rules with several readings (a date only where every reading agrees);
``without_rules`` statuses from the facts alone, for a treaty without rules; ``validation``
editorial checks of an event list; ``records`` the engine's input and output records.
"""
