"""The screens: one a module (the conversation a package of its parts). A screen never imports the app or another
screen; it asks the app for navigation with the messages in ``cc_tui.nav``."""
