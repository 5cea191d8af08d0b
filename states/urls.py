from django.urls import path

from . import views

app_name = "states"

urlpatterns = [
    path("", views.state_list, name="list"),
    path("<str:code>/", views.state_detail, name="state"),
]
