"""pactwatch: news articles on cross-border security cooperation, into a DuckDB warehouse."""

from pactwatch.native import choose_build

# Before any module of the package is imported: the compiled build of the per-article code
# (read, metadata), when it matches the source.
BUILD, NOT_COMPILED_BECAUSE = choose_build(__path__)
