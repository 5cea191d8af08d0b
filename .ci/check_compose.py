"""Offline sanity check of docker-compose.yml (Docker cannot run on our machines).

Checks that it parses, that every service has an image or a build, and that every
``depends_on`` names a defined service.
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
for name, spec in services.items():
    if "image" not in spec and "build" not in spec:
        errors.append(f"service {name!r} has neither image nor build")
    deps = spec.get("depends_on") or {}
    for dep in deps if isinstance(deps, (list, dict)) else []:
        if dep not in services:
            errors.append(f"service {name!r} depends on undefined service {dep!r}")
if errors:
    sys.exit("docker-compose.yml: " + "; ".join(errors))
print(f"docker-compose.yml: {len(services)} services OK: {', '.join(services)}")
