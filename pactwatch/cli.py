"""`pactwatch run`: one run of the nightly flow, with a short summary or a one-line reason."""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import sys
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from flows.api_server import EarlyApiServer

EXIT_FAILED = 1
EXIT_BUSY = 3


def configure_prefect(verbose: bool) -> None:
    # Telemetry makes the temporary server's SQLite busy enough to log "database is locked".
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # and the client's own telemetry (Prefect's documented opt-out): a nightly on a closed network
    # has nothing to report to, and should not start threads trying.
    os.environ.setdefault("DO_NOT_TRACK", "1")
    # The run summary or the one-line reason is the CLI's output; Prefect's own log goes to its
    # run history (and to the console too with --verbose). Quieting the console handler, not the
    # loggers, is what keeps the log in the API: a logger level would drop it for both.
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "CRITICAL")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pactwatch", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run the nightly flow once")
    run.add_argument("--source", default="seeds", help="folder of article files (default: seeds)")
    run.add_argument("--db", default="warehouse.duckdb", help="DuckDB warehouse file (default: warehouse.duckdb)")
    run.add_argument("--rehash", action="store_true",
                     help="hash every file again even when its size and mtime match what was loaded")
    run.add_argument("--verbose", action="store_true", help="show Prefect's log on the console")
    run.add_argument("--workers", type=int, default=None, help="extraction processes (default: one per core)")
    run.add_argument("--task-runner", choices=["processes", "dask"], default="processes",
                     help="where extraction batches run: a local process pool (default) or a Dask cluster")
    run.add_argument("--prefect-api", choices=["shared", "temporary"], default=None,
                     help="with no Prefect API configured: a local server this run starts or finds and later runs "
                          "reuse, stopping after PACTWATCH_PREFECT_API_IDLE_SECONDS (default 1800) without runs "
                          "(shared, the default), or one for this run alone (temporary); default: "
                          "PACTWATCH_PREFECT_API, else shared")
    run.add_argument("--dask-address", default=None,
                     help="scheduler of an existing Dask cluster (default with dask: a local cluster); its "
                          "workers must see the source folder and the warehouse's folder at the same paths")
    serve = commands.add_parser("serve", help="serve the nightly flow on its schedule from this process")
    serve.add_argument("--source", default="seeds", help="folder of article files (default: seeds)")
    serve.add_argument("--db", default="warehouse.duckdb", help="DuckDB warehouse file (default: warehouse.duckdb)")
    export = commands.add_parser("export", help="write every published view to files for tools without DuckDB")
    export.add_argument("--db", default="warehouse.duckdb", help="DuckDB warehouse file (default: warehouse.duckdb)")
    export.add_argument("--format", choices=["parquet"], default="parquet", help="file format (default: parquet)")
    export.add_argument("--out", required=True, help="folder to write one file per view into")
    native = commands.add_parser("native", help="compile the per-article code with mypyc, or say which build runs")
    native.add_argument("action", choices=["build", "status"], help="build: compile (needs mypy and a C compiler); "
                        "status: which build a run uses, and why")
    api = commands.add_parser("prefect-api", help="the shared local Prefect API server that runs reuse")
    api.add_argument("action", choices=["status", "stop"], help="status: whether it runs, where, and until when; "
                     "stop: stop it now (refused while a run uses it)")
    return parser


def run_command(args: argparse.Namespace) -> int:
    configure_prefect(args.verbose)
    from flows.api_server import ApiServerFailed, early_api_server, mode_setting
    from flows.shared_api_server import SharedApiServerError

    try:
        mode = args.prefect_api or mode_setting()
        with early_api_server(mode) as api:
            return run_flow(args, api)
    except (ApiServerFailed, SharedApiServerError) as error:
        print(f"pactwatch: run failed, warehouse unchanged: {error}", file=sys.stderr)
        return EXIT_FAILED


def run_flow(args: argparse.Namespace, api: EarlyApiServer) -> int:
    from flows.api_server import SharedApiServer
    from flows.nightly import nightly  # imports Prefect while its API server boots
    from pactwatch.pipeline import RunSummary
    from pactwatch.report import summary_text
    from pactwatch.warehouse import WarehouseBusy

    flow = nightly
    if args.task_runner == "dask":
        from prefect_dask import DaskTaskRunner

        flow = nightly.with_options(task_runner=DaskTaskRunner(address=args.dask_address) if args.dask_address
                                    else DaskTaskRunner(cluster_kwargs={"n_workers": args.workers or os.cpu_count(),
                                                                        "threads_per_worker": 1}))
    try:
        with api.use_for_flow():
            result = flow(source=args.source, db=args.db, rehash=args.rehash, workers=args.workers,
                          batches_as_tasks=args.task_runner == "dask")
    except WarehouseBusy as error:
        print(f"pactwatch: {error}", file=sys.stderr)
        return EXIT_BUSY
    except Exception as error:  # any failure: one line, warehouse untouched by design
        reason = " ".join(str(error).split()) or type(error).__name__
        print(f"pactwatch: run failed, warehouse unchanged: {type(error).__name__}: {reason}", file=sys.stderr)
        return EXIT_FAILED
    print(summary_text(RunSummary(**result)))
    if isinstance(api, SharedApiServer) and api.started and api.record is not None:
        print(f"Prefect API: started a local server for this and later runs at {api.record.url} (pid "
              f"{api.record.pid}); it stops after {api.record.idle_seconds:g} s without runs, or on "
              "`pactwatch prefect-api stop`")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "run":
        return run_command(args)
    if args.command == "serve":
        configure_prefect(verbose=True)
        from pactwatch.serve import serve_command

        return serve_command(args)
    if args.command == "export":
        from pactwatch.export import export_command

        return export_command(args)
    if args.command == "prefect-api":
        from flows.shared_api_server import api_command

        return api_command(args.action)
    if args.command == "native":
        from pactwatch.native import native_command

        return native_command(args.action)
    return EXIT_FAILED


def console_main() -> NoReturn:
    """The `pactwatch` command: main(), then exit without tearing the interpreter down.

    Freeing the objects of Prefect, Polars and DuckDB one by one at exit takes 0.5-1.4 s, as much
    as a whole night with nothing new spends on its work; the OS frees a process at once. The exit
    handlers still run first (in them Prefect sends its last logs and events to the API), and
    the output is flushed. Tests call main(), which returns.
    """
    code = main()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError):  # a reader that went away is not the run's failure
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    console_main()
