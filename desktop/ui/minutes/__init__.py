"""Minutes in the GUI: export and signing, verify and import, confirmation, distribution and printing."""
