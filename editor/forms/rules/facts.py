"""A treaty's key facts, the part of the treaty form every editor may change."""

from __future__ import annotations

from django import forms

from treaties.models import Treaty

from ..recording import https_urls

#: The treaty's key facts: its model fields as editors enter them (the rules are edited as
#: fields of their own, see ``TreatyRulesForm``).
KEY_FACTS = (
    "slug",
    "short_name",
    "title",
    "adopted_on",
    "adopted_at",
    "depositary",
    "un_reference",
    "source_url",
    "entry_into_force_text",
    "recorded_entry_into_force",
    "recorded_entry_into_force_article",
    "recorded_entry_into_force_provisional",
    "status_as_at",
    "record_basis",
    "record_read_at",
    "has_participant_data",
)


class TreatyFactsForm(forms.ModelForm[Treaty]):
    """Key facts only: for users who may not change the rules."""

    class Meta:
        model = Treaty
        formfield_callback = https_urls
        fields = KEY_FACTS
