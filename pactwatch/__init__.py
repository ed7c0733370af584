"""pactwatch: news articles on cross-border security cooperation, into a DuckDB warehouse."""
