"""The meeting screens: the agenda editor, the runner, the review, the room view."""
