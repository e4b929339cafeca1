"""Services: the application's API. Plain Python (no Qt); they return frozen dataclasses."""
