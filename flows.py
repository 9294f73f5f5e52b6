"""Prefect flows over the plain ``pipeline`` functions (see the orchestration issue).

This module stays thin: ``@flow``/``@task`` wrappers only, with retries and caching where
I/O happens; every step can be called and tested without Prefect.
"""
