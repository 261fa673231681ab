"""Benchmarks of Progress Canvas: page rerun time in-process and under websocket load.

Run as scripts (``python bench/rerun.py``, ``python bench/load.py``); see bench/README.md.
"""
