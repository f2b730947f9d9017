# One image for every offerwatch process; compose.yaml picks the command (and the `crawler`
# target, which adds Chromium for JavaScript pages).

FROM python:3.11-slim-bookworm AS build
COPY --from=ghcr.io/astral-sh/uv:0.5 /uv /usr/local/bin/uv
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PROJECT_ENVIRONMENT=/opt/venv
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .

FROM python:3.11-slim-bookworm AS runtime
RUN useradd --create-home --uid 10001 offerwatch
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=offerwatch:offerwatch /app /app
ENV PATH="/opt/venv/bin:$PATH" PYTHONUNBUFFERED=1 PTB_TIMEDELTA=1
WORKDIR /app
USER offerwatch
EXPOSE 8000
CMD ["uvicorn", "api.app:app", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]

FROM runtime AS crawler
USER root
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium \
    && rm -rf /var/lib/apt/lists/*
USER offerwatch
ENV CHROMIUM_PATH=/usr/bin/chromium
