"""What the admins of rows written by a form that records on clean share (see
:class:`~editor.forms.recording.RecordedOnCleanForm`): the form learns who edits, and
``save_model`` has nothing left to write."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


class RecordedOnCleanAdmin:
    """Mixed into a ``ModelAdmin`` whose ``form`` is a ``RecordedOnCleanForm``."""

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)  # type: ignore[misc]
        form.editor = request.user
        return form

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Nothing left to write: the form recorded through the service when it was cleaned,
        in this same transaction."""
        if form.saved is None:  # pragma: no cover - the form is valid only once saved
            raise RuntimeError(f"The {obj._meta.verbose_name} form was saved without recording it")
