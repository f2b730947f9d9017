"""compose.yaml and the Dockerfile agree with the code (no Docker engine runs on these machines,
so the files are checked, not started)."""

from __future__ import annotations

import re
import shlex

import yaml

from core.config import ROOT, setting_names
from tests.system.test_settings import COMPOSE_ONLY

APP_SERVICES = {"migrate", "api", "notifier", "scrapyd", "scheduler"}


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_every_service_of_a_deployment_is_there():
    services = compose()["services"]
    assert set(services) == {"postgres", "rabbitmq", *APP_SERVICES}
    assert services["postgres"]["healthcheck"] and services["rabbitmq"]["healthcheck"]
    assert "postgres-data:/var/lib/postgresql/data" in services["postgres"]["volumes"]


def test_only_the_api_and_the_local_rabbitmq_ui_are_published():
    services = compose()["services"]
    published = {name: svc.get("ports", []) for name, svc in services.items() if svc.get("ports")}
    assert published == {"api": ["8000:8000"], "rabbitmq": ["127.0.0.1:15672:15672"]}


def test_app_services_set_only_variables_the_settings_read():
    known = set(setting_names())
    for name in APP_SERVICES:
        service = compose()["services"][name]
        assert service["env_file"] == ".env", name
        assert set(service.get("environment", {})) <= known, name


def test_variables_compose_interpolates_are_documented_in_env_example():
    text = (ROOT / "compose.yaml").read_text()
    referenced = set(re.findall(r"\$\{([A-Z_]+)", text))
    documented = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert referenced <= documented
    assert referenced - set(setting_names()) <= COMPOSE_ONLY


def test_commands_name_modules_and_entry_points_that_exist():
    services = compose()["services"]
    assert services["migrate"]["command"] == ["alembic", "upgrade", "heads"]
    assert services["api"]["command"][:2] == ["uvicorn", "api.app:app"]
    assert services["notifier"]["command"][:2] == ["dramatiq", "notifier.actors"]
    assert services["scheduler"]["command"] == ["python", "-m", "crawler.scheduler"]
    for module in ("api/app.py", "notifier/actors.py", "crawler/scheduler.py"):
        assert (ROOT / module).exists(), module
    assert "scrapyd-deploy" in " ".join(services["scrapyd"]["command"])
    assert (ROOT / "scrapy.cfg").exists()


def test_dockerfile_builds_with_uv_as_a_non_root_user_and_a_crawler_target():
    lines = [line.strip() for line in (ROOT / "Dockerfile").read_text().splitlines()]
    stages = [shlex.split(line)[-1] for line in lines if line.startswith("FROM ")]
    assert stages == ["build", "runtime", "crawler"]
    assert any("uv sync --frozen --no-dev" in line for line in lines)
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users[-1] == "offerwatch"
    assert any("chromium" in line for line in lines)
    targets = {svc.get("build", {}).get("target") for svc in compose()["services"].values()}
    assert {"runtime", "crawler"} <= targets
