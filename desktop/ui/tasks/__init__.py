"""The task board across cases and the task outcome dialog."""
