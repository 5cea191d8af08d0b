from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events and derived status"

    def ready(self) -> None:
        # The task module imports the services it calls; the services queue the task through
        # this registration, so neither imports the other.
        from events import tasks
        from events.services import scheduling

        scheduling.recompute_task_register(tasks.recompute_treaty)
