from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = "Alerts (watches, notices, deliveries)"

    def ready(self) -> None:
        # What the domain announces (a recomputation written, a statement saved) queues the
        # detection of what changed; the domain never imports this app.
        from alerts import receivers

        receivers.connect()
