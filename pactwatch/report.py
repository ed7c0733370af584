"""The run summary, as the CLI prints it and as the Prefect artifacts show it."""

from __future__ import annotations

from pactwatch.pipeline import RunSummary

MAX_LISTED_FILES = 50


def summary_counts(summary: RunSummary) -> list[tuple[str, int]]:
    files = [("files seen", summary.files_seen), ("files new", summary.files_new),
             ("files skipped (already loaded)", summary.files_skipped),
             ("files duplicate", summary.files_duplicate), ("files rejected", summary.files_rejected),
             ("files deferred", summary.files_deferred)]
    rows = [(f"rows {table}", n) for table, n in summary.rows.items()]
    return [*files, *rows, ("rows rejected by validation", summary.rows_rejected)]


def summary_text(summary: RunSummary) -> str:
    status = "loaded" if summary.wrote_warehouse else "nothing new: warehouse unchanged"
    lines = [f"pactwatch run {summary.run_id} into {summary.db} ({status}, "
             f"extractor {summary.extractor_version}, {summary.extractor_build})"]
    lines += [f"  {label:32} {count:>8}" for label, count in summary_counts(summary)]
    lines += [f"  rejected {path}: {reason}" for path, reason in summary.rejected[:MAX_LISTED_FILES]]
    lines += [f"  deferred {path}: {reason}" for path, reason in summary.deferred[:MAX_LISTED_FILES]]
    hidden = len(summary.rejected) + len(summary.deferred) - 2 * MAX_LISTED_FILES
    if hidden > 0:
        lines.append("  ... and more: see table rejected_files")
    return "\n".join(lines)


def summary_markdown(summary: RunSummary) -> str:
    lines = [f"# pactwatch run `{summary.run_id}`", "",
             f"Source `{summary.source}` into `{summary.db}`, "
             f"extractor {summary.extractor_version} ({summary.extractor_build}); "
             f"{'warehouse updated' if summary.wrote_warehouse else 'nothing new, warehouse unchanged'}.", "",
             "| what | count |", "|---|---:|"]
    lines += [f"| {label} | {count} |" for label, count in summary_counts(summary)]
    if summary.rejected:
        lines += ["", "## Rejected files", "", "| file | reason |", "|---|---|"]
        lines += [f"| `{path}` | {reason} |" for path, reason in summary.rejected[:MAX_LISTED_FILES]]
    if summary.deferred:
        lines += ["", "## Deferred to a later run", "", "| file | reason |", "|---|---|"]
        lines += [f"| `{path}` | {reason} |" for path, reason in summary.deferred[:MAX_LISTED_FILES]]
    if summary.rows_rejected:
        lines += ["", f"{summary.rows_rejected} extracted rows failed validation: see table `rejected_rows`."]
    return "\n".join(lines)


def summary_table(summary: RunSummary) -> list[dict]:
    return [{"what": label, "count": count} for label, count in summary_counts(summary)]


def failure_markdown(summary: RunSummary, error: BaseException) -> str:
    reason = " ".join(str(error).split()) or type(error).__name__
    return "\n".join([f"# pactwatch run `{summary.run_id}` failed", "",
                      f"Source `{summary.source}` into `{summary.db}`: the warehouse is unchanged.", "",
                      f"**{type(error).__name__}**: {reason}"])
