"""The editors' terminal UI (Textual), a face over the ``dedupe`` library's public API."""
