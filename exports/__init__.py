"""Export layer: the filtered grants, charts and decks as files people take away. Pure Python, no Streamlit.

- `provenance`: what every file says about itself (filters in words, sources and licences, dates, citation)
- `tables`: CSV (+ README zip), XLSX, Parquet, JSON of the filtered grants
- `safety`: formula-safe cells for spreadsheets (CSV/XLSX injection)
- `giving360`: the 360Giving Data Standard (JSON package, flat CSV) and offline validation
- `dataset`: the whole database as Parquet files in a zip, and the DuckDB file
- `images`: a plotly figure as PNG/SVG with a caption strip (kaleido + Debian chromium)
- `slides`: a PPTX deck of a view (python-pptx)

Images and slides import kaleido/python-pptx; import them from their modules when needed.
"""

from exports.provenance import (
    Provenance,
    SourceCredit,
    export_filename,
    filters_in_words,
    provenance_from_db,
    source_ids_of,
)
from exports.tables import (
    ExportFile,
    export,
    select_columns,
    to_csv,
    to_csv_zip,
    to_json,
    to_parquet,
    to_xlsx,
)

__all__ = [
    "ExportFile",
    "Provenance",
    "SourceCredit",
    "export",
    "export_filename",
    "filters_in_words",
    "provenance_from_db",
    "select_columns",
    "source_ids_of",
    "to_csv",
    "to_csv_zip",
    "to_json",
    "to_parquet",
    "to_xlsx",
]
