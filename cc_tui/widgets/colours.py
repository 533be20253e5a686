"""cc-tui's own colour names, each a theme variable (``$cc-private`` in CSS and in ``Content`` styles).

Every colour the app draws comes from the current theme: these names default to one of the theme's own colours (the
``error`` colour for private notes and overdue dates...), so they follow a light theme, the 16-colour ``ansi-*``
themes and any theme the user picks; a registered theme may set them itself (``Theme(variables={"cc-private": ...})``).
"""

from __future__ import annotations

# name -> the theme variable it is unless the theme sets it
THEME_COLOURS: dict[str, str] = {
    "cc-private": "error",  # private notes (never exported)
    "cc-private-focus": "error-lighten-1",
    "cc-shared": "primary",  # shared notes (what they receive)
    "cc-overdue": "error",  # a due date past, what is overdue
    "cc-due-today": "warning",  # due today, a conversation due now
    "cc-unfinished": "warning",  # a conversation left unfinished
    "cc-done": "success",  # a goal achieved, ready now
    "cc-goal": "secondary",  # a goal among action items
    "cc-changed": "warning",  # something changed since last time
}


def with_app_colours(variables: dict[str, str]) -> dict[str, str]:
    """``variables`` (the theme's, as Textual builds them) with cc-tui's names added where the theme has none."""
    own = {name: variables[base] for name, base in THEME_COLOURS.items() if base in variables}
    return {**own, **variables}
