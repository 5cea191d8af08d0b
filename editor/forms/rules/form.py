"""``TreatyRulesForm``: a treaty's key facts plus its rules as fields, judged by the engine.

The fields come from the section groups (``sections``, ``periods``); the engine's own parser
(``Rules.from_dict``) is the only judge of validity, and each of its problems is shown next to the
field of its path (``errors``). ``rules_preview`` runs the engine on the treaty's events plus a
hypothetical deposit and withdrawal, so an editor sees what a change does ("a deposit on 24 Mar
2011 would take effect on 1 Sep 2011") before saving it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from events.selectors.preview import PreviewLine, rules_preview
from rules import Rules, RulesError
from treaties.models import Treaty

from .document import rules_from_cleaned, rules_to_initial, with_unformed_parts
from .errors import rules_errors
from .facts import KEY_FACTS, TreatyFactsForm
from .periods import EntryIntoForcePeriodFields, LaterStatesPeriodFields, WithdrawalPeriodFields
from .sections import EntryIntoForceFields, LaterStatesFields, WithdrawalFields


class TreatyRulesForm(
    TreatyFactsForm,
    EntryIntoForceFields,
    EntryIntoForcePeriodFields,
    LaterStatesFields,
    LaterStatesPeriodFields,
    WithdrawalFields,
    WithdrawalPeriodFields,
):
    """Key facts plus the rules as fields, and the date a preview is computed for."""

    preview_on = forms.DateField(
        required=False,
        label="Preview a deposit / notification on",
        help_text="Empty: today",
    )

    preview_requested = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.update(rules_to_initial(self.instance.rules or {}))
        self.rules_document: dict[str, Any] | None = None
        self.preview: list[PreviewLine] = []

    def clean(self) -> dict[str, Any]:
        """Build the rules document and let the engine judge it."""
        super().clean()
        cleaned = self.cleaned_data
        # The form has no fields for every key of the document: those are kept as stored.
        document = with_unformed_parts(rules_from_cleaned(cleaned), self.instance.rules or {})
        try:
            Rules.from_dict(document)
        except RulesError as exc:
            raise ValidationError(rules_errors(exc.problems, set(self.fields))) from exc
        self.rules_document = document
        self.preview = rules_preview(
            rules=document,
            treaty=self.instance,
            on=cleaned.get("preview_on") or timezone.localdate(),
        )
        if self.preview_requested:
            # Blocks the save: the admin shows the form again, with the preview above it.
            raise ValidationError(
                "Preview only — nothing was saved. Press Save to keep these rules.",
                code="preview",
            )
        return cleaned

    def save(self, commit: bool = True) -> Treaty:
        """Put the rules document on the instance; the admin saves it through the service."""
        if self.rules_document is not None:
            self.instance.rules = self.rules_document
        return super().save(commit=commit)


#: Every field the rules add to the key facts (the admin must place each in a fieldset).
RULES_FIELD_NAMES = tuple(name for name in TreatyRulesForm.base_fields if name not in KEY_FACTS)
