"""ETL for the Nordic innovation-funding dashboard: raw sources -> data/funding.duckdb."""
