"""Start the dashboard's Streamlit server: `python -m ui.serve [streamlit options, e.g. --server.port 8502]`.

Why not plain `streamlit run dashboard.py`: Streamlit decides once per server, on the first session, whether the
app uses the legacy `pages/` folder discovery, and it says yes whenever a `pages/` folder sits next to the main
script (ours holds `pages/views/`). The first visitor's run then resolves the URL against the legacy page list
(the main page only), so a first deep link such as `/trends` shows the right page under a spurious "Page not
found" dialog (streamlit issue 9624). `st.navigation` switches the flag off, but only after that first run.
Switching it off before the server starts gives every visitor, the first one included, the real navigation.
"""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

DASHBOARD = Path(__file__).resolve().parents[1] / "dashboard.py"


def main(argv: list[str] | None = None) -> int:
    PagesManager.uses_pages_directory = False  # the pages are listed in dashboard.py's st.navigation
    sys.argv = ["streamlit", "run", str(DASHBOARD), *(sys.argv[1:] if argv is None else argv)]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
