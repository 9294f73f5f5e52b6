"""cchc's pipeline: crawl → fetch → convert → (extract) → store, and the ``cchc`` CLI.

Stages pass plain data (paths, ``schemas.Document``, lists of facts); no stage imports a
later one. ``pipeline.convert`` turns files into Documents; ``pipeline.errors`` has the
typed errors for broken input.
"""
