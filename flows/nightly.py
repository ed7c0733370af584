"""The nightly flow: thin Prefect tasks over the plain-Python stages in `pactwatch.pipeline`.

A handful of batched tasks per run, not one per article; file paths, not frames or
connections, travel between them; the load task is the only writer of the warehouse file.
Retries are declared where a stage touches the file system; extraction is deterministic,
so retrying it could only repeat a failure.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from prefect import flow, get_run_logger, runtime, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from pactwatch import pipeline
from pactwatch.report import failure_markdown, summary_markdown, summary_table
from pactwatch.warehouse import writer_lock

ARTIFACT_KEY = "pactwatch-nightly-summary"


@task(name="discover", retries=2, retry_delay_seconds=5)
def discover_files(source: str, db: str, staging: str, rehash: bool) -> str:
    return str(pipeline.discover_stage(Path(source), Path(db), Path(staging), rehash=rehash))


@task(name="extract")
def extract_articles(manifest: str, staging: str, run_id: str, workers: int | None) -> list[str]:
    return [str(p) for p in pipeline.extract_stage(Path(manifest), Path(staging), run_id, workers)]


@task(name="plan-batches")
def plan_batches(manifest: str, staging: str, run_id: str, workers: int | None) -> list[str]:
    return [str(p) for p in pipeline.plan_batches(Path(manifest), Path(staging), run_id, workers)]


@task(name="extract-batch")
def extract_batch(spec: str) -> str:
    return str(pipeline.process_batch_spec(Path(spec)))


@task(name="load-and-publish", retries=1, retry_delay_seconds=10)
def load_and_publish(db: str, manifest: str, batches: list[str], summary_path: str) -> str:
    summary = pipeline.RunSummary.read(Path(summary_path))
    summary = pipeline.load_stage(Path(db), Path(manifest), [Path(b) for b in batches], summary)
    return str(summary.write(Path(summary_path)))


def report_run(summary: pipeline.RunSummary) -> None:
    """The run's summary as artifacts of the flow run (not a task: it is two API calls, and a task
    run's own bookkeeping cost as much again)."""
    create_markdown_artifact(key=ARTIFACT_KEY, markdown=summary_markdown(summary),
                             description="pactwatch nightly run summary")
    create_table_artifact(key=f"{ARTIFACT_KEY}-counts", table=summary_table(summary),
                          description="Files and rows of the run")


@flow(name="nightly", log_prints=True)
def nightly(source: str = "seeds", db: str = "warehouse.duckdb", rehash: bool = False,
            workers: int | None = None, batches_as_tasks: bool = False) -> dict:
    """Take every article file under source that db has not loaded yet, into db, and publish views.

    batches_as_tasks: submit each extraction batch to the flow's task runner (a Dask cluster, say)
    instead of this process's worker pool.
    """
    db_path = Path(db)
    run_id = pipeline.new_run_id()
    summary = pipeline.RunSummary(run_id=run_id, source=source, db=db,
                                  started_at=datetime.now(UTC).isoformat(),
                                  flow_run_id=str(runtime.flow_run.id) if runtime.flow_run.id else None)
    try:
        with writer_lock(db_path):  # also clears what killed runs left behind
            staging = pipeline.staging_folder(db_path, run_id)
            try:
                summary_path = str(summary.write(staging / "summary.json"))
                manifest = discover_files(source, db, str(staging), rehash)
                if batches_as_tasks:
                    specs = plan_batches(manifest, str(staging), run_id, workers)
                    batches = [future.result() for future in extract_batch.map(specs)]
                else:
                    batches = extract_articles(manifest, str(staging), run_id, workers)
                summary_path = load_and_publish(db, manifest, batches, summary_path)
                result = pipeline.RunSummary.read(Path(summary_path))
                report_run(result)
            finally:
                shutil.rmtree(staging.parent, ignore_errors=True)
    except Exception as error:
        # The run history shows failed nights too, under the same key, before the failure propagates.
        create_markdown_artifact(key=ARTIFACT_KEY, markdown=failure_markdown(summary, error),
                                 description="pactwatch nightly run failed")
        raise
    get_run_logger().info("run %s: %s new, %s rejected", run_id, result.files_new, result.files_rejected)
    return result.__dict__
