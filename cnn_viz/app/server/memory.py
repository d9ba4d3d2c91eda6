"""Memory that comes back after visitors leave: glibc's allocator, tuned once when serving starts.

A 20 MP upload decodes into an 80 MB buffer: the peaks are bounded (images.py), but the server
used to keep the freed memory long after the visitors had left (`python -m tools.loadtest
--hostile 4` measures it; docs/performance.md). glibc serves a large allocation by mmap, which goes back to the system
when freed, until it has freed one: then it raises its threshold (up to 32 MB) and serves the
next ones from its heaps, one per thread that allocates, where freed memory mostly stays. So:
a fixed threshold of 1 MB (large buffers are always mapped, and always unmapped when freed),
two heaps at most, and a trim after each large decode. Elsewhere than glibc this does nothing.
"""

import ctypes
import ctypes.util

M_MMAP_THRESHOLD = -3  # mallopt parameters, from glibc's malloc.h
M_ARENA_MAX = -8

_libc = None


def _glibc():
    global _libc
    if _libc is None:
        try:
            _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            _libc.mallopt  # noqa: B018 - only glibc has these
            _libc.malloc_trim  # noqa: B018
        except (OSError, AttributeError):
            _libc = False
    return _libc


def tune_allocator():
    """Large buffers always mapped (and so unmapped when freed), and at most two heaps."""
    libc = _glibc()
    if libc:
        libc.mallopt(M_MMAP_THRESHOLD, 1 << 20)
        libc.mallopt(M_ARENA_MAX, 2)


def give_back():
    """Return what the heaps have free to the system (after a large decode)."""
    libc = _glibc()
    if libc:
        libc.malloc_trim(0)
