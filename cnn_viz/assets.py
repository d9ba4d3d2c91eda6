"""The files the app ships beside its code (models/*.npz, *.json): what goes wrong reading them.

A file can be missing (a clone without Git LFS, a trimmed deployment), truncated, or of another
version. Reading one goes through `reading()`, so every such fault arrives as one exception,
`Unavailable`, naming the file: a page then says one sentence about the part that needs it,
and the rest of the page works. No Streamlit here.
"""

import contextlib
import zipfile
from pathlib import Path

FAULTS = (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile)


class Unavailable(Exception):
    """A shipped file that cannot be used: `path` and why."""

    def __init__(self, path, reason):
        self.path = Path(path)
        super().__init__(f"{path}: {reason}")


@contextlib.contextmanager
def reading(path):
    """Any fault while reading `path` becomes Unavailable(path, the fault)."""
    try:
        yield
    except FAULTS as error:
        raise Unavailable(path, error) from error
