"""Treaty admin: key facts, rules as structured fields with a preview, events inline.

Rules decide every date the project publishes, so changing them needs the
``treaties.change_treaty_rules`` permission (superusers have it; no group is given it by
default, see ``editor/management/commands/setup_roles.py``). Everyone else with
``change_treaty`` edits the key facts only and sees the rules read-only. Rules are saved through
``events.services.treaty_rules_update`` so the treaty is marked stale and recomputed.
The permission is declared on the model (``Treaty.Meta.permissions``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any, cast

from django.contrib import admin, messages
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from events import services
from events.exceptions import EventRejected, RulesRejected
from events.models import Event
from events.selectors.preview import rules_preview
from rules import RulesError
from rules.dates import format_date, ordinal_number
from treaties.catalogue import TOPICS, subject_choices
from treaties.models import RulesReview, Treaty

from ..forms.rules import (
    KEY_FACTS,
    PERIODS,
    STEP_SLOTS,
    TreatyFactsForm,
    TreatyRulesForm,
    same_rules,
    step_field_names,
)

RULES_PERMISSION = "treaties.change_treaty_rules"

DERIVED_FIELDS = (
    "entry_into_force_date",
    "entry_into_force_basis",
    "entry_into_force_explanation_display",
    "derived_state",
)
#: Where the rules came from, what the depositary recorded, and the evidence (read-only).
RULES_ORIGIN_FIELDS = (
    "rules_source",
    "rules_review",
    "recorded_entry_into_force_display",
    "rules_evidence_display",
)


def can_change_rules(request: HttpRequest) -> bool:
    """Whether this user may change a treaty's rules (an anonymous user has no permissions)."""
    user = request.user
    return isinstance(user, PermissionsMixin) and user.has_perm(RULES_PERMISSION)


def _steps_html(steps: list[dict[str, Any]]) -> str:
    if not steps:
        return "—"
    return format_html(
        "<ol class='tt-steps'>{}</ol>",
        format_html_join(
            "",
            "<li>{}{}</li>",
            (
                (s.get("text", ""), f" (art. {s['article']})" if s.get("article") else "")
                for s in steps
            ),
        ),
    )


class EventInline(admin.TabularInline[Event, Treaty]):
    """The treaty's events, read-only: events are written only through the event form (and so
    through ``events.services``), never by an inline formset."""

    model = Event
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ("state", "kind", "date", "effective_date", "notification_ref")
    readonly_fields = fields
    ordering = ("date", "state__short_name")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Event]:
        # select_related: each row prints the state's name (one query per row otherwise).
        return super().get_queryset(request).select_related("state")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SubjectFilter(admin.SimpleListFilter):
    """The UN chapter and our topics (``treaties.catalogue``), as on the site's treaty list."""

    title = "subject"
    parameter_name = "subject"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return subject_choices()

    def queryset(self, request: HttpRequest, queryset: QuerySet[Treaty]) -> QuerySet[Treaty]:
        value = self.value() or ""
        if value.startswith("un-"):
            chapter = value[3:]
            return queryset.filter(un_reference__startswith=f"{chapter}-")
        if value.startswith("topic-") and value[6:] in TOPICS:
            covered = models.Q(pk__in=[])
            for ref in TOPICS[value[6:]]:
                covered |= models.Q(un_reference=ref) | models.Q(un_reference__startswith=f"{ref}-")
            return queryset.filter(covered)
        return queryset


class RulesReviewFilter(admin.SimpleListFilter):
    """The review queue: treaties whose rules were inferred and await an editor."""

    title = "rules review"
    parameter_name = "review"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            (RulesReview.PENDING, "Inferred rules to review"),
            (RulesReview.REJECTED, "Inferred rules rejected"),
            ("none", "No rules: dates not computed"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Treaty]) -> QuerySet[Treaty]:
        if self.value() == "none":
            return queryset.filter(rules={})
        if self.value() in (RulesReview.PENDING, RulesReview.REJECTED):
            return queryset.filter(rules_review=self.value())
        return queryset


@admin.register(Treaty)
class TreatyAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # django-simple-history has no types
    list_display = (
        "short_name",
        "un_reference",
        "entry_into_force_date",
        "entry_into_force_basis",
        "rules_source",
        "rules_review",
        "status_as_at",
        "participants",
        "derived_state",
    )
    list_filter = (RulesReviewFilter, "rules_source", SubjectFilter, "has_participant_data")
    actions = ("confirm_inferred_rules", "reject_inferred_rules", "apply_catalogue_rules")
    search_fields = ("short_name", "title", "slug", "un_reference")
    prepopulated_fields = {"slug": ("short_name",)}
    inlines = [EventInline]
    change_form_template = "admin/treaties/treaty/change_form.html"
    # Editors paste URLs with their scheme; a bare host means https today (Django 6 default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    # -- forms and fieldsets ---------------------------------------------------------------

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[ModelForm[Treaty]]:
        kwargs["form"] = TreatyRulesForm if can_change_rules(request) else TreatyFactsForm
        form = super().get_form(request, obj, change=change, **kwargs)
        form.preview_requested = "_preview" in request.POST
        return cast("type[ModelForm[Treaty]]", form)

    def get_fieldsets(
        self, request: HttpRequest, obj: Any = None
    ) -> list[tuple[str | None, dict[str, Any]]]:
        fieldsets: list[tuple[str | None, dict[str, Any]]] = [(None, {"fields": KEY_FACTS})]
        if can_change_rules(request):
            fieldsets += [
                (
                    "Entry into force of the treaty",
                    {
                        "fields": (
                            "eif_article",
                            "eif_threshold",
                            ("eif_count", "eif_kinds"),
                            "eif_organisations_not_additional",
                            ("eif_condition", "eif_condition_met_on"),
                            ("eif_not_before", "eif_on_date", "eif_recorded_date"),
                            "eif_not_before_parent",
                        )
                    },
                ),
                self._period_fieldset("eif"),
                (
                    "Entry into force for later states",
                    {
                        "fields": (
                            "later_article",
                            "later_applies_after",
                            ("later_not_before_eif", "later_not_before_parent"),
                        )
                    },
                ),
                self._period_fieldset("later"),
                (
                    "Withdrawal",
                    {
                        "fields": (
                            ("wd_allowed", "wd_not_recorded", "wd_article", "wd_later_date"),
                            ("wd_min_amount", "wd_min_unit", "wd_min_from"),
                            "wd_armed_conflict",
                            "wd_condition_text",
                        )
                    },
                ),
                self._period_fieldset("wd"),
                ("Preview", {"fields": ("preview_on", "rules_json")}),
            ]
        else:
            fieldsets.append(
                (
                    "Rules (read-only: changing them needs the rules permission)",
                    {"fields": ("rules_summary",)},
                )
            )
        if obj is not None:
            fieldsets.append(("Where the rules come from", {"fields": RULES_ORIGIN_FIELDS}))
            fieldsets.append(("Computed by the rule engine", {"fields": DERIVED_FIELDS}))
        return fieldsets

    @staticmethod
    def _period_fieldset(prefix: str) -> tuple[str, dict[str, Any]]:
        return (
            PERIODS[prefix][1],
            {"fields": tuple(step_field_names(prefix, n) for n in range(1, STEP_SLOTS + 1))},
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        fields: tuple[str, ...] = ()
        fields += ("rules_json",) if can_change_rules(request) else ("rules_summary",)
        if obj is not None:
            fields += DERIVED_FIELDS + RULES_ORIGIN_FIELDS
        return fields

    # -- read-only displays ----------------------------------------------------------------

    @admin.display(description="Rules")
    def rules_summary(self, obj: Treaty) -> str:
        if not obj or not obj.rules:
            return "No rules yet: the engine cannot compute dates for this treaty."
        try:
            lines = rules_preview(rules=obj.rules, treaty=obj, on=_today())
        except Exception as exc:  # rules the engine cannot read are shown, not raised
            return f"The stored rules cannot be read: {exc}"
        return format_html_join("", "<p>{}</p>", ((line.sentence,) for line in lines))

    @admin.display(description="Stored rules (JSON)")
    def rules_json(self, obj: Treaty) -> str:
        if not obj or not obj.rules:
            return "—"
        return format_html("<pre>{}</pre>", json.dumps(obj.rules, indent=2, ensure_ascii=False))

    @admin.display(description="Explanation")
    def entry_into_force_explanation_display(self, obj: Treaty) -> str:
        return _steps_html(obj.entry_into_force_explanation)

    @admin.display(description="Recorded entry into force")
    def recorded_entry_into_force_display(self, obj: Treaty) -> str:
        if obj.recorded_entry_into_force is None:
            return "none recorded by the depositary"
        text = format_date(obj.recorded_entry_into_force)
        if obj.recorded_entry_into_force_provisional:
            text += " (provisionally)"
        if obj.recorded_entry_into_force_article:
            text += f", in accordance with {obj.recorded_entry_into_force_article}"
        return text

    @admin.display(description="Evidence")
    def rules_evidence_display(self, obj: Treaty) -> str:
        evidence = obj.rules_evidence or {}
        if not evidence:
            return "—"
        lines = [
            f"{evidence.get('method', '?')}: {evidence.get('outcome', '?')}"
            + (f" — {evidence['reason']}" if evidence.get("reason") else "")
        ]
        lines += [_fit_line(fit) for fit in evidence.get("fits", [])[:10] if fit.get("counts")]
        if evidence.get("parent"):
            parent = evidence["parent"]
            lines.append(
                f"in force on the recorded date of its parent treaty, {parent['un_reference']}"
                f" ({parent['recorded_entry_into_force']})"
            )
        alternatives = (obj.rules or {}).get("alternatives") or []
        if alternatives:
            lines.append(
                f"{len(alternatives) + 1} readings fit the recorded date; dates are given only"
                " where they agree. The fields below show the first: saving the form keeps that"
                " reading alone, confirming keeps them all."
            )
        quoted = evidence.get("quoted") or (evidence.get("article") or {}).get("quoted")
        if quoted:
            lines.append(f"quoted: {quoted[:1200]}")
        return format_html_join("", "<p>{}</p>", ((line,) for line in lines))

    # -- the review queue's actions --------------------------------------------------------

    @admin.action(description="Confirm the inferred rules (they become the editor's)")
    def confirm_inferred_rules(self, request: HttpRequest, queryset: QuerySet[Treaty]) -> None:
        self._each(request, queryset, services.treaty_rules_confirm, "confirmed")

    @admin.action(description="Reject the inferred rules (dates not computed; not re-inferred)")
    def reject_inferred_rules(self, request: HttpRequest, queryset: QuerySet[Treaty]) -> None:
        self._each(request, queryset, services.treaty_rules_reject, "rejected")

    @admin.action(description="Re-apply the catalogue's rules")
    def apply_catalogue_rules(self, request: HttpRequest, queryset: QuerySet[Treaty]) -> None:
        if not self._may_change_rules(request):
            return
        changed = services.catalogue_rules_apply(treaties=list(queryset))
        self.message_user(request, f"Catalogue rules applied to {len(changed)} treaties.")

    def _may_change_rules(self, request: HttpRequest) -> bool:
        if can_change_rules(request):
            return True
        self.message_user(
            request, "Changing rules needs the rules permission.", level=messages.ERROR
        )
        return False

    def _each(
        self,
        request: HttpRequest,
        queryset: QuerySet[Treaty],
        service: Callable[..., Treaty],
        done: str,
    ) -> None:
        if not self._may_change_rules(request):
            return
        count = 0
        for treaty in queryset:
            try:
                service(treaty=treaty)
            except (RulesRejected, EventRejected) as exc:  # refused, or deleted meanwhile
                self.message_user(
                    request, f"{treaty.short_name}: {'; '.join(exc.messages)}", messages.WARNING
                )
            else:
                count += 1
        self.message_user(request, f"Rules {done} for {count} treaties.")

    # -- the list: the treaties with the most participants first (the review queue's order:
    # an inferred rule decides the most dates there) -------------------------------------

    def get_queryset(self, request: HttpRequest) -> QuerySet[Treaty]:
        treaties: QuerySet[Treaty] = super().get_queryset(request)
        return (
            treaties.annotate(participant_count=models.Count("events__state", distinct=True))
            # The list's default order (the admin's ``ordering`` stays empty: other lists'
            # filters by treaty read it, on querysets without this count).
            .order_by("-participant_count", "short_name")
        )

    @admin.display(description="Participants", ordering="participant_count")
    def participants(self, obj: Treaty) -> int:
        return int(getattr(obj, "participant_count", 0))

    @admin.display(description="Derived data")
    def derived_state(self, obj: Treaty) -> str:
        if obj.derived_error:
            return f"Error: {obj.derived_error}"
        if obj.is_stale:
            return "being computed"
        return "up to date"

    # -- writes ----------------------------------------------------------------------------

    def save_model(self, request: HttpRequest, obj: Treaty, form: Any, change: bool) -> None:
        """The form parses; the services write: the key facts, then the rules if they changed.

        ``obj`` is the form's instance; on a change (or a revert from history, which brings an
        instance without the derived fields) only its key facts are taken, and a user without
        the rules permission never brings rules.
        """
        rules_given = can_change_rules(request) and (
            not change or getattr(form, "rules_document", None) is not None
        )
        if change:
            treaty = Treaty.objects.get(pk=obj.pk)
            facts = {name: getattr(obj, name) for name in KEY_FACTS}
            services.treaty_update(treaty=treaty, values=facts, author=request.user)
        else:
            rules = obj.rules
            obj.rules = {}
            treaty = services.treaty_create(treaty=obj, author=request.user)
            obj.rules = rules
        # Compared with the stored row (not the form's instance, which a revert takes from
        # history), so that reverting the rules also recomputes the treaty.
        if rules_given and not same_rules(treaty.rules, obj.rules):
            treaty._history_user = request.user  # type: ignore[attr-defined]  # read by simple_history
            services.treaty_rules_update(treaty=treaty, rules=obj.rules)
        form.instance = treaty

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> HttpResponse:
        form = context["adminform"].form
        obj = kwargs.get("obj")
        preview = getattr(form, "preview", [])
        if not form.is_bound and obj is not None and obj.rules and can_change_rules(request):
            try:
                preview = rules_preview(rules=obj.rules, treaty=obj, on=_today())
            except RulesError:  # unreadable stored rules: the form shows the problem on save
                preview = []
        context["rules_preview"] = preview
        context["show_preview_button"] = can_change_rules(request)
        if obj is not None:
            context["add_event_url"] = reverse("admin:events_event_add") + f"?treaty={obj.pk}"
        return cast(HttpResponse, super().render_change_form(request, context, *args, **kwargs))


def _today() -> date:
    return timezone.localdate()


def _fit_line(fit: dict[str, Any]) -> str:
    """One fit of the evidence, as an editor reads it."""
    then = fit["period"] or "the same day"
    if fit.get("not_before_parent"):
        return (
            f"allowed: up to the {ordinal_number(fit['counts'][-1])} instrument, deposited by"
            f" {fit['threshold_date']}, then {then}, not before the parent's entry into force"
        )
    noted = fit.get("noted")
    if noted and noted.get("where") == "league":
        return (
            f"fits: an instrument deposited {fit['threshold_date']} ({noted['who']}'s"
            f" {noted['kind']}, in the League of Nations' list of the ratifications and accessions"
            f" it received; not among the participants), then {then}"
        )
    line = (
        f"fits: the {ordinal_number(fit['counts'][0])} instrument, deposited"
        f" {fit['threshold_date']}, then {then}"
    )
    if noted:
        line += (
            f" ({noted['who']}'s {noted['kind']}, recorded in the depositary's note"
            f" {noted['note']}; not among the participants)"
        )
    return line
