# Production image: slim Python, runtime dependencies only, a non-root user.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY storage ./storage
COPY schedules ./schedules
RUN python -m venv /opt/pillar \
    && /opt/pillar/bin/pip install --no-cache-dir --upgrade pip \
    && /opt/pillar/bin/pip install --no-cache-dir .

FROM python:3.11-slim
RUN useradd --system --uid 10001 --home-dir /app --create-home pillar
COPY --from=build /opt/pillar /opt/pillar
ENV PATH="/opt/pillar/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    PORT=3000 \
    LOG_FORMAT=json
WORKDIR /app
USER pillar
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\", \"3000\")}/healthz', timeout=2)"
ENTRYPOINT ["pillar"]
CMD ["run"]
