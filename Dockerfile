# One image for web (gunicorn), worker, beat and the one-off migrate/load_demo services.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml constraints.txt ./
RUN pip install --no-cache-dir -c constraints.txt .
# The code belongs to root and is only readable by the user the processes run as.
COPY . .
# Hashed, compressed static files, baked into the image. The key exists for this one command
# (the settings refuse to start without one); the real one comes from the environment.
RUN SECRET_KEY="collectstatic-only-$(python -c 'import secrets; print(secrets.token_hex(32))')" \
    python manage.py collectstatic --noinput -v0
RUN useradd --system --no-create-home --uid 10001 --shell /usr/sbin/nologin app \
 && mkdir -p /var/lib/treaty-tracker/datasets && chown app /var/lib/treaty-tracker/datasets
USER app
EXPOSE 8000
# /healthz over plain HTTP from inside the container (exempt from the HTTPS redirect).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-m", "config.healthcheck"]
CMD ["gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"]
