"""What states said when they joined, on the pages: ``{% statements_of treaty=... %}`` on the
treaty page, ``{% statements_of state=... %}`` on the state page.

Every statement is shown, withdrawn ones with their withdrawal date, whatever the page's
date: a page is stored for all the dates between two change points of the treaty's status
(``serving.answers``), and a statement's dates are not such points, so a list filtered by the
page's date could be served for a date it is wrong on. One query per page.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django import template

from statements.selectors import statements_on
from states.models import State
from treaties.models import Treaty

register = template.Library()


@register.inclusion_tag("includes/statements.html")
def statements_of(*, treaty: Treaty | None = None, state: State | None = None) -> dict[str, Any]:
    """The statements of a treaty (grouped by state) or of a state (grouped by treaty)."""
    rows = list(statements_on(treaty=treaty, state=state))
    if treaty is not None:
        rows.sort(key=lambda s: (s.state.short_name, s.made_on is None, s.made_on, s.pk))
        groups = [
            (who, list(items)) for who, items in groupby(rows, key=lambda s: s.state.short_name)
        ]
    else:
        groups = [
            (what, list(items)) for what, items in groupby(rows, key=lambda s: s.treaty.short_name)
        ]
    return {
        "groups": groups,
        "count": len(rows),
        "on_treaty": treaty is not None,
        "objections": sum(s.kind == "objection" for s in rows),
    }
