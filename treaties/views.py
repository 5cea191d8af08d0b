"""Public pages (the status pages issue replaces this minimal home page)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Treaty


def home(request: HttpRequest) -> HttpResponse:
    treaties = Treaty.objects.order_by("short_name")
    return render(request, "treaties/home.html", {"treaties": treaties})
