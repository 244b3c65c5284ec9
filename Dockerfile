# Descent Lab: the web app only (no test tools). Settings come from DESCENT_LAB_* environment variables.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    OPENBLAS_NUM_THREADS=1 \
    OMP_NUM_THREADS=1 \
    MALLOC_ARENA_MAX=2

WORKDIR /srv/descent-lab
COPY pyproject.toml README.md ./
COPY app ./app
COPY static ./static
COPY templates ./templates
# editable: the app serves static/ and templates/ from this folder; versions are bounded in pyproject.toml
# hadolint ignore=DL3013
RUN pip install --no-cache-dir -e '.[mnist]' \
    && useradd --create-home --uid 10001 descent

USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
CMD ["descent-lab", "--host", "0.0.0.0", "--port", "8000"]
