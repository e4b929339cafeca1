"""Fictional demo data: the first-run demo database and the large one for benchmarks. Not business services."""
