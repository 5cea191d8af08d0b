"""Offline sanity check of docker-compose.yml (Docker cannot run on our machines).

Checks that it parses, that every service has an image or a build, that every
``depends_on`` names a defined service, and the deployment's rules: migrations and the demo
data are one-off services (no long-running service migrates or loads data on start), the
demo only on request (a profile), and the cache is a Redis of its own with ``maxmemory`` and an
LRU policy, apart from the broker.
"""

import sys

import yaml

path = sys.argv[1]
with open(path, encoding="utf-8") as fh:
    doc = yaml.safe_load(fh)
services = doc.get("services") or {}
errors = []
if not services:
    errors.append("no services defined")


def command(spec: dict) -> str:
    value = spec.get("command") or ""
    return " ".join(value) if isinstance(value, list) else str(value)


for name, spec in services.items():
    if "image" not in spec and "build" not in spec:
        errors.append(f"service {name!r} has neither image nor build")
    deps = spec.get("depends_on") or {}
    for dep in deps if isinstance(deps, (list, dict)) else []:
        if dep not in services:
            errors.append(f"service {name!r} depends on undefined service {dep!r}")
    if name != "migrate" and "manage.py migrate" in command(spec):
        errors.append(f"service {name!r} migrates: only the one-off 'migrate' service may")
    if "load_demo" in command(spec) and not spec.get("profiles"):
        errors.append(f"service {name!r} loads the demo on every start (give it a profile)")

for name in ("web", "worker", "beat"):
    deps = (services.get(name) or {}).get("depends_on") or {}
    condition = (deps.get("migrate") or {}).get("condition") if isinstance(deps, dict) else None
    if condition != "service_completed_successfully":
        errors.append(f"service {name!r} must start after the 'migrate' service completed")

env = (services.get("web") or {}).get("environment") or {}
broker, cache_url = str(env.get("CELERY_BROKER_URL", "")), str(env.get("CACHE_URL", ""))
cache_host = cache_url.split("//")[-1].split(":")[0]
if not broker or not cache_url or broker.split("/")[2] == cache_url.split("/")[2]:
    errors.append("the broker and the cache must be separate Redis instances")
cache_command = command(services.get(cache_host) or {})
if "--maxmemory " not in cache_command + " " or "allkeys-lru" not in cache_command:
    errors.append(f"the cache ({cache_host!r}) needs --maxmemory and an allkeys-lru policy")

if errors:
    sys.exit("docker-compose.yml: " + "; ".join(errors))
print(f"docker-compose.yml: {len(services)} services OK: {', '.join(services)}")
