"""Follow-up across cases: the open tasks, the task board's queries and its warnings."""
