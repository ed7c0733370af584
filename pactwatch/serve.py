"""`pactwatch serve`: the nightly flow on its schedule, served from this one long-running process.

The single-box alternative to a work pool and a worker. The schedule (cron and timezone) is read
from the deployment of `flows/nightly.py:nightly` in `prefect.yaml`, so `prefect deploy` and
`pactwatch serve` always run on the same schedule.

Prefect's temporary (ephemeral) API lives only as long as one command and has no scheduler
service, so a schedule registered with it never fires. Both paths need a real API:
`prefect server start` (then `PREFECT_API_URL=http://127.0.0.1:4200/api`) or Prefect Cloud.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

EXIT_FAILED = 1
ENTRYPOINT = "flows/nightly.py:nightly"
REPO_ROOT = Path(__file__).resolve().parent.parent
PREFECT_YAML = REPO_ROOT / "prefect.yaml"
SERVE_NAME = "pactwatch-nightly-served"


class ScheduleNotFound(ValueError):
    """prefect.yaml has no usable cron schedule for the nightly flow."""


@dataclass(frozen=True)
class NightlySchedule:
    deployment: str
    cron: str
    timezone: str | None


def read_schedule(config: Path = PREFECT_YAML) -> NightlySchedule:
    """The cron and timezone of the nightly deployment in prefect.yaml."""
    try:
        document: Any = yaml.safe_load(config.read_text(encoding="utf-8"))
    except OSError as error:
        raise ScheduleNotFound(f"cannot read {config}: {error.strerror}") from None
    deployments = (document or {}).get("deployments") or []
    nightly = [d for d in deployments if isinstance(d, dict) and d.get("entrypoint") == ENTRYPOINT]
    if not nightly:
        raise ScheduleNotFound(f"{config} has no deployment with entrypoint {ENTRYPOINT}")
    deployment = nightly[0]
    # `schedule:` (one) is the older spelling of `schedules:` (a list); accept both.
    schedules = deployment.get("schedules") or ([deployment["schedule"]] if deployment.get("schedule") else [])
    crons = [s for s in schedules if isinstance(s, dict) and s.get("cron")]
    if not crons:
        raise ScheduleNotFound(f"deployment {deployment.get('name')!r} in {config} has no cron schedule")
    return NightlySchedule(deployment=str(deployment.get("name") or "nightly"), cron=str(crons[0]["cron"]),
                           timezone=crons[0].get("timezone"))


def api_url() -> str | None:
    from prefect.settings import get_current_settings

    return get_current_settings().api.url


def serve_command(args: argparse.Namespace) -> int:
    url = api_url()
    if not url:
        print("pactwatch: serve needs a Prefect API that can schedule: start `prefect server start` and set "
              "PREFECT_API_URL=http://127.0.0.1:4200/api (the temporary ephemeral API cannot schedule)",
              file=sys.stderr)
        return EXIT_FAILED
    try:
        schedule = read_schedule(Path(getattr(args, "config", None) or PREFECT_YAML))
    except ScheduleNotFound as error:
        print(f"pactwatch: {error}", file=sys.stderr)
        return EXIT_FAILED

    from prefect.schedules import Cron

    from flows.nightly import nightly

    # Absolute paths: the served runs must not depend on where a later restart is launched from.
    parameters = {"source": str(Path(args.source).resolve()), "db": str(Path(args.db).resolve())}
    print(f"pactwatch: serving {SERVE_NAME} on '{schedule.cron}' ({schedule.timezone or 'UTC'}) via {url}; "
          f"source {parameters['source']}, db {parameters['db']}", flush=True)
    try:
        nightly.serve(
            name=SERVE_NAME,
            schedules=[Cron(schedule.cron, timezone=schedule.timezone)],
            parameters=parameters,
            description=f"pactwatch nightly, served by `pactwatch serve` (schedule of {schedule.deployment})",
            tags=["pactwatch", "nightly", "served"],
            # One writer per warehouse file: an overlapping run could only exit with WarehouseBusy.
            limit=1,
        )
    except KeyboardInterrupt:
        return 0
    except Exception as error:  # unreachable API, bad schedule: one line, not a traceback
        reason = " ".join(str(error).split()) or type(error).__name__
        print(f"pactwatch: serve failed: {type(error).__name__}: {reason}", file=sys.stderr)
        return EXIT_FAILED
    return 0
