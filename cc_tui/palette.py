"""The command palette's commands from the bindings: every key the app, the screen, its current stage and the focused
widget offer (not a Textual widget's own keys), each with its description and its first key."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from textual import actions
from textual.app import SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

__all__ = ["binding_commands"]


def binding_commands(screen: Screen[Any]) -> Iterable[SystemCommand]:
    """Every binding with a description that is reachable on ``screen`` becomes a palette command.

    A screen may add nodes whose bindings count even when focus is elsewhere (``command_nodes()``): the current
    stage's pane, for example.
    """
    seen: set[tuple[int, str]] = set()
    nodes: list[DOMNode] = [screen, screen.app]  # the app's own keys too (quit, the share-safe view)
    extra = getattr(screen, "command_nodes", None)
    if callable(extra):
        nodes += list(extra())
    focused = screen.focused
    while focused is not None and focused is not screen:
        nodes.append(focused)
        focused = focused.parent  # type: ignore[assignment]
    app = screen.app

    def disabled(action: str, node: DOMNode) -> bool:
        """Textual's own check (as in ``App.run_action``), with public parts only: the action's namespace (``app.``,
        ``screen.``, ``focused.``; none: the node), then that node's ``check_action``. True: not a command."""
        try:
            namespace, name, parameters = actions.parse(action)
        except actions.ActionError:
            return True
        if not namespace:
            target: object = node
        elif namespace in ("app", "screen", "focused"):
            target = getattr(app, namespace, None)
        else:  # an unknown namespace (Textual raises ActionError when such a binding is pressed)
            return True
        if not isinstance(target, DOMNode):
            return True
        return target.check_action(name, parameters) is False

    for node in nodes:
        # a Textual widget's own keys (a text area's ~40 cursor moves) are the widget's, not commands of the app
        owner = next((cls for cls in type(node).__mro__ if "BINDINGS" in cls.__dict__), None)
        if owner is not None and owner.__module__.startswith("textual."):
            continue
        for binding in getattr(node, "BINDINGS", []):
            if not isinstance(binding, Binding) or not binding.description:
                continue
            key = (id(node), binding.action)
            if key in seen or disabled(binding.action, node):
                continue
            seen.add(key)
            remapped = getattr(app, "keymap", {}).get(binding.id or "")
            # the first of its keys ("question_mark,f1" was shown as it is written)
            keys = app.get_key_display(binding.with_key((remapped or binding.key).split(",")[0].strip()))
            yield SystemCommand(
                binding.description,
                f"{binding.tooltip or binding.description} ({keys})",
                partial(app.run_action, binding.action, node),
            )
