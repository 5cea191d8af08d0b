from django.apps import AppConfig


class EditorConfig(AppConfig):
    """The admin surface (an app so that ``editor.admin`` is autodiscovered)."""

    name = "editor"
    verbose_name = "Editors' workbench"
