"""The case screens: the case list model, the case view and its panels, case dialogs."""
