"""What states said when they joined, on the pages: ``{% statements_of treaty=... %}`` on the
treaty page, ``{% statements_of state=... %}`` on the state page.

Every statement is shown, withdrawn ones with their withdrawal date, whatever the page's
date: a page is stored for all the dates between two change points of the treaty's status
(``serving.answers``), and a statement's dates are not such points, so a list filtered by the
page's date could be served for a date it is wrong on. One query per page. The section's
search form goes to the statements page (``web.views.statements``), so the stored page does
not vary with a search.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from serving.conditional import stored_fragment
from statements.selectors import statements_on
from states.models import State
from treaties.models import Treaty

from ..presenters.statements import choices_of, filter_form, statement_groups

register = template.Library()


@register.simple_tag
def statements_of(*, treaty: Treaty | None = None, state: State | None = None) -> SafeString:
    """The statements section of a treaty (grouped by state) or of a state (by treaty)."""
    scope = f"treaty:{treaty.pk}" if treaty is not None else f"state:{state.pk if state else ''}"
    html = stored_fragment(
        f"statements-section:{scope}",
        lambda: render_to_string("includes/statements.html", section(treaty=treaty, state=state)),
    )
    return mark_safe(html)  # rendered by the template engine, which escaped every text


def section(*, treaty: Treaty | None = None, state: State | None = None) -> dict[str, Any]:
    """The context of ``includes/statements.html``."""
    rows = list(statements_on(treaty=treaty, state=state))
    by_state = treaty is not None
    return {
        "groups": statement_groups(rows, by_state=by_state),
        "shown": {s.pk for s in rows},
        "count": len(rows),
        "on_treaty": by_state,
        "objections": sum(s.kind == "objection" for s in rows),
        **filter_form(
            treaty=treaty, state=state, choices=choices_of(rows, by_state=by_state), filters={}
        ),
    }
