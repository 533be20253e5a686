"""Modal dialogs: small screens that ask one thing and return it (``push_screen(dialog, callback)``).

They sit below the screens: a screen may open any dialog; a dialog opens only other dialogs and never a screen.
"""
