"""The sign-up form of the treaty and state pages."""

from __future__ import annotations

from typing import Any

from django import forms

from states.models import State
from treaties.models import Treaty


class SignupForm(forms.Form):
    email = forms.EmailField(label="Your e-mail address", max_length=254)
    treaty = forms.SlugField(required=False, widget=forms.HiddenInput)
    state = forms.CharField(required=False, max_length=8, widget=forms.HiddenInput)
    on_acts = forms.BooleanField(required=False, initial=True, label="Acts recorded")
    on_effects = forms.BooleanField(
        required=False, initial=True, label="Status changes taking effect"
    )
    on_statements = forms.BooleanField(required=False, label="Statements recorded")
    on_sync = forms.BooleanField(required=False, label="What a sync with the depositary changed")
    reminder_days = forms.IntegerField(
        required=False, min_value=1, max_value=365, label="Remind me this many days before"
    )
    digest = forms.BooleanField(required=False, label="One e-mail a day (digest)")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        slug, code = data.get("treaty"), data.get("state")
        data["treaty_obj"] = Treaty.objects.filter(slug=slug).first() if slug else None
        data["state_obj"] = State.objects.filter(code=code).first() if code else None
        if slug and data["treaty_obj"] is None:
            raise forms.ValidationError("No such treaty.")
        if code and data["state_obj"] is None:
            raise forms.ValidationError("No such state.")
        if data["treaty_obj"] is None and data["state_obj"] is None:
            raise forms.ValidationError("Choose a treaty or a state to watch.")
        kinds = ("on_acts", "on_effects", "on_statements", "on_sync", "reminder_days")
        if not any(data.get(k) for k in kinds):
            raise forms.ValidationError("Choose at least one kind of alert.")
        return data
