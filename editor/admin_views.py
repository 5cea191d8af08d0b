"""Extra admin pages for events: the data-quality report and the CSV import with preview.

Both are thin: the data-quality page lists what existing querysets find; the import page hands
the file to ``ingest.interchange`` (the project's CSV format, all-or-nothing) — first
in a dry run whose transaction is always rolled back, so the editor sees the row-numbered report
before anything is written, then for real. Between the two the file waits on the server
(``editor.staging``); files over ``settings.IMPORT_MAX_BYTES`` are refused with a message.
"""

from __future__ import annotations

import io
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, F, Model, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View
from kombu.exceptions import OperationalError as KombuOperationalError

from events.models import CONSENT_KINDS, Event, EventKind
from ingest.base import ImportFailed, ImportReport
from ingest.interchange import (
    COLUMNS,
    events_csv_import,
    events_csv_text,
    parse_rows,
)
from ingest.jobs import import_job_confirm, import_job_create
from ingest.models import ImportJob
from ingest.tasks import run_import_job
from statements.models import Statement, StatementKind
from states.models import State
from treaties.models import Treaty

from .staging import upload_stage, upload_staged

# Each list is cut at this many rows; the count above it says how many there are in all.
SECTION_LIMIT = 200


def _section(
    title: str, help_text: str, queryset: QuerySet[Model], filter_url: str = ""
) -> dict[str, Any]:
    rows = list(queryset[:SECTION_LIMIT])
    return {
        "title": title,
        "help": help_text,
        "rows": rows,
        "count": queryset.count() if len(rows) == SECTION_LIMIT else len(rows),
        "filter_url": filter_url,
    }


def data_quality_sections() -> list[dict[str, Any]]:
    """What an editor should look at, each as a titled list (fixed number of queries)."""
    events = Event.objects.select_related("treaty", "state")
    changelist = reverse("admin:events_event_changelist")
    later_withdrawal = Event.objects.filter(
        treaty=OuterRef("treaty"),
        state=OuterRef("state"),
        kind=EventKind.WITHDRAWAL,
        date__gt=OuterRef("date"),
    )
    return [
        {
            **_section(
                "Published dates that disagree with the rule",
                "The depositary published an effective date that differs from the one the "
                "treaty's rules give. Check the event's dates; if the depositary is right, the "
                "rules or the facts need correcting.",
                events.filter(disagrees_with_depositary=True).order_by("treaty", "date"),
                f"{changelist}?depositary=disagrees",
            ),
            "kind": "events",
        },
        {
            **_section(
                "Withdrawn parties without their withdrawal",
                "The depositary prints these instruments in brackets (the state has since "
                "withdrawn) but no withdrawal notification is recorded after them. Record the "
                "withdrawal from the depositary's footnote.",
                events.filter(bracketed=True, kind__in=CONSENT_KINDS)
                .filter(~Exists(later_withdrawal))
                .order_by("treaty", "date"),
                f"{changelist}?bracketed__exact=1",
            ),
            "kind": "events",
        },
        {
            **_section(
                "Withdrawals without a depositary notification reference",
                "A withdrawal is dated from its receipt by the depositary; the notification "
                "(C.N.…) is how a reader checks it.",
                events.filter(kind=EventKind.WITHDRAWAL, notification_ref="").order_by(
                    "treaty", "date"
                ),
                f"{changelist}?kind__exact=withdrawal",
            ),
            "kind": "events",
        },
        {
            **_section(
                "Treaties whose computed data is out of date or failed",
                "Changed since the rule engine last ran (it should catch up within minutes), "
                "or the engine could not compute them (see the error).",
                Treaty.objects.filter(Q(pk__in=Treaty.objects.stale()) | ~Q(derived_error=""))
                .annotate(
                    pending_events=Count(
                        "events",
                        filter=Q(events__computed_at__isnull=True)
                        | Q(events__computed_at__lt=F("events__updated_at")),
                    )
                )
                .order_by("short_name"),
            ),
            "kind": "treaties",
        },
        {
            **_section(
                "Objections without a target",
                "The importer could not read from the text which state's statement these "
                "objections object to (or the text names several): the reason is given. Set "
                "the state objected to from the depositary's text.",
                Statement.objects.filter(kind=StatementKind.OBJECTION, objects_to__isnull=True)
                .select_related("treaty", "state")
                .order_by("treaty__un_reference", "source_section"),
                f"{reverse('admin:statements_statement_changelist')}?review=untargeted",
            ),
            "kind": "statements",
        },
    ]


class AdminPage(View):
    """An extra page of a model's admin; ``model_admin`` is given to ``as_view()``."""

    model_admin: admin.ModelAdmin[Any] | None = None

    @property
    def admin(self) -> admin.ModelAdmin[Any]:
        assert self.model_admin is not None, "as_view(model_admin=...) was not given"
        return self.model_admin


class DataQualityView(AdminPage):
    """The data-quality report, for anyone who may view events."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not self.admin.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin.admin_site.each_context(request),
            "opts": Event._meta,
            "title": "Data quality",
            "sections": data_quality_sections(),
            "unmatched_note": (
                "Participants never matched to a state are reported by each import (the "
                "import page lists unknown names with the closest known states); nothing "
                "unmatched is ever stored."
            ),
        }
        return TemplateResponse(request, "admin/events/data_quality.html", context)


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


class EventImportForm(forms.Form):
    """A file in the project's CSV format, or (after a preview) the token of the staged one."""

    file = forms.FileField(required=False, label="CSV file (project interchange format)")
    token = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_file(self) -> tuple[str, str] | None:
        """(name, text) of the upload, refused whole when too large or not UTF-8 text."""
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        limit = settings.IMPORT_MAX_BYTES
        if upload.size is not None and upload.size > limit:
            raise forms.ValidationError(
                f"The file is {_megabytes(upload.size)}; the import takes files of up to "
                f"{_megabytes(limit)}. Split it (by treaty, for instance) and import the parts "
                "one after the other, or use manage.py import_events."
            )
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("The file must be UTF-8 text.") from None
        if "\x00" in text:
            raise forms.ValidationError("The file contains NUL characters: it is not CSV text.")
        return upload.name or "upload.csv", text


def import_dry_run(content: str) -> tuple[Any, list[Any]]:
    """Run the import and roll it back; return (report, parsed rows for display)."""

    class _Rollback(Exception):
        pass

    report = None
    try:
        with transaction.atomic():
            report = events_csv_import(io.StringIO(content))
            raise _Rollback
    except _Rollback:
        pass
    except ImportFailed as exc:
        report = exc.report
    # The rows as read, for the preview table (parse errors are already in the report).
    rows = parse_rows(
        io.StringIO(content),
        ImportReport(),
        treaties={t.slug: t for t in Treaty.objects.all()},
        states={s.code: s for s in State.objects.all()},
    )
    return report, rows


class EventImportView(AdminPage):
    """Upload → preview (row-numbered errors, nothing written) → confirm → import."""

    def _allowed(self, request: HttpRequest) -> bool:
        return self.admin.has_add_permission(request) and (
            self.admin.has_change_permission(request)
        )

    def _render(self, request: HttpRequest, **context: Any) -> HttpResponse:
        return TemplateResponse(
            request,
            "admin/events/import.html",
            {
                **self.admin.admin_site.each_context(request),
                "opts": Event._meta,
                "title": "Import events (CSV)",
                "max_megabytes": settings.IMPORT_MAX_BYTES // 1_000_000,
                **context,
            },
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        if not self._allowed(request):
            raise PermissionDenied

        return self._render(request, form=EventImportForm(), columns=COLUMNS)

    def post(self, request: HttpRequest) -> HttpResponse:
        if not self._allowed(request):
            raise PermissionDenied

        form = EventImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, form=form, columns=COLUMNS)
        if "_confirm" in request.POST:
            return self._confirm(request, form.cleaned_data["token"])
        if form.cleaned_data["file"] is None:
            form.add_error("file", "Choose a CSV file to import.")
            return self._render(request, form=form, columns=COLUMNS)
        name, content = form.cleaned_data["file"]
        if content.count("\n") > settings.IMPORT_INLINE_MAX_ROWS:
            # Too long to check inside a request: the worker checks it, the job page follows.
            job = import_job_create(user=request.user, name=name, content=content)
            return _queue(job)
        report, rows = import_dry_run(content)
        can_confirm = report is not None and not report.errors
        # Only a file that can be imported waits on the server for its confirmation.
        token = upload_stage(user=request.user, name=name, content=content) if can_confirm else ""
        return self._render(
            request,
            form=EventImportForm(initial={"token": token}),
            report=report,
            rows=rows[:SECTION_LIMIT],
            row_count=len(rows),
            can_confirm=can_confirm,
            columns=COLUMNS,
        )

    def _confirm(self, request: HttpRequest, token: str) -> HttpResponse:
        upload = upload_staged(user=request.user, token=token)
        if upload is None:
            return self._render(
                request,
                form=EventImportForm(),
                columns=COLUMNS,
                refusal=(
                    "This preview has expired (previews are kept for an hour) or its file was "
                    "imported already. Choose the file again."
                ),
            )
        try:
            report = events_csv_import(io.StringIO(upload.content))
        except ImportFailed as exc:
            # The data changed since the preview: show the new report, nothing written.
            return self._render(request, form=EventImportForm(), report=exc.report, columns=COLUMNS)
        upload.delete()
        self.admin.message_user(request, f"Imported: {report.summary()}", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:events_event_changelist"))


def _queue(job: ImportJob) -> HttpResponse:
    """Hand ``job`` to the worker and show its page; a broker that cannot be reached fails the
    job at once with a message (nothing was written)."""
    try:
        run_import_job.delay(job.pk)
    except KombuOperationalError:  # the broker cannot be reached (publishing fails fast)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED,
            errors="The task queue cannot be reached, so the file could not be handed to the "
            "worker; nothing was written. Try again in a few minutes.",
        )
    return HttpResponseRedirect(reverse("admin:events_event_import_job", args=[job.pk]))


class ImportJobView(EventImportView):
    """A background import's progress and outcome; after a successful check, its confirmation."""

    def _job(self, request: HttpRequest, pk: int) -> ImportJob:
        if not self._allowed(request):
            raise PermissionDenied
        job = ImportJob.objects.filter(pk=pk).defer("content").first()
        if job is None or (job.user_id != request.user.pk and not request.user.is_superuser):
            raise Http404("No such import")
        return job

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:  # type: ignore[override]
        job = self._job(request, pk)
        return TemplateResponse(
            request,
            "admin/events/import_job.html",
            {
                **self.admin.admin_site.each_context(request),
                "opts": Event._meta,
                "title": f"Import of {job.name}",
                "job": job,
                "error_lines": job.errors.splitlines(),
            },
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:  # type: ignore[override]
        job = self._job(request, pk)
        if "_confirm" in request.POST and import_job_confirm(job=job):
            return _queue(job)
        return HttpResponseRedirect(request.get_full_path())


def export_events_csv(queryset: QuerySet[Event]) -> HttpResponse:
    """The selected events as a download in the project's CSV format."""

    events = queryset.select_related("treaty", "state").order_by(
        "treaty__slug", "date", "state__code", "kind"
    )
    response = HttpResponse(events_csv_text(events), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="events.csv"'
    return response
