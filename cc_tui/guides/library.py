"""Loading guides from files and folders: the shipped guides, the user's folder and ``--guides`` folders (later ones
replace earlier ones by id), and checking paths for ``cc-tui guides check``."""

from __future__ import annotations

import importlib.resources
import os
import pathlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .data import ERROR, MAX_GUIDE_BYTES, Guide, Problem
from .lint import lint_guide
from .parser import parse_guide


def read_guide_file(path: Any, origin: str = "user") -> tuple[Guide | None, list[Problem]]:
    """Read and parse one file (a path or an importlib Traversable).  Never raises."""
    name = str(path)
    try:
        data = path.read_bytes() if hasattr(path, "read_bytes") else pathlib.Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return None, [Problem(name, 1, ERROR, f"cannot read this file ({reason})")]
    except Exception as exc:  # e.g. a Traversable that is not a file
        return None, [Problem(name, 1, ERROR, f"cannot read this file ({type(exc).__name__})")]
    if len(data) > MAX_GUIDE_BYTES:
        return None, [
            Problem(name, 1, ERROR, f"the file is too large for a guide ({len(data)} bytes; at most {MAX_GUIDE_BYTES})")
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem(name, line, ERROR, f"not valid UTF-8 (byte {exc.start}); save the file as UTF-8")]
    return parse_guide(text, name, origin)


def shipped_guides_dir() -> pathlib.Path | importlib.abc.Traversable:
    """The guides shipped with cc-tui: ``cc_tui/_guides`` in a wheel, ``<repo>/guides`` in a checkout."""
    try:
        packaged = importlib.resources.files("cc_tui") / "_guides"
        if packaged.is_dir():
            return packaged
    except Exception:  # pragma: no cover - unusual loaders
        pass
    return pathlib.Path(__file__).resolve().parent.parent.parent / "guides"  # cc_tui/guides/library.py -> <repo>/guides


def user_guides_dir() -> pathlib.Path:
    """The user's own guides: ``platformdirs.user_config_dir("cc-tui") / "guides"``."""
    import platformdirs

    return pathlib.Path(platformdirs.user_config_dir("cc-tui")) / "guides"


def _guide_files(folder: Any) -> tuple[list[Any], list[Problem]]:
    """The ``*.md`` files directly inside ``folder``, sorted by name."""
    try:
        if not folder.is_dir():
            return [], []
        entries = list(folder.iterdir())
    except OSError as exc:
        return [], [Problem(str(folder), 1, ERROR, f"cannot list this folder ({exc.strerror or type(exc).__name__})")]
    files = [e for e in entries if e.name.lower().endswith(".md") and not e.name.startswith((".", "~"))]
    files = [f for f in files if _is_file(f)]
    return sorted(files, key=lambda f: f.name), []


def _is_file(entry: Any) -> bool:
    try:
        return bool(entry.is_file())
    except OSError:
        return False


def _load_folder(folder: Any, origin: str, *, lint: bool) -> tuple[list[Guide], list[Problem]]:
    files, problems = _guide_files(folder)
    guides: list[Guide] = []
    ids: dict[str, str] = {}
    for f in files:
        guide, probs = read_guide_file(f, origin)
        problems.extend(probs)
        if guide is None:
            continue
        if lint:
            problems.extend(lint_guide(guide))
        if guide.id in ids:
            problems.append(
                Problem(
                    guide.path,
                    1,
                    ERROR,
                    f"duplicate guide id {guide.id!r}: also used by {ids[guide.id]}; this file is skipped",
                )
            )
            continue
        ids[guide.id] = guide.path
        guides.append(guide)
    return guides, problems


@dataclass
class GuideLibrary:
    guides: dict[str, Guide] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def for_stage(self, stage: str) -> list[Guide]:
        """Guides offered for ``stage``: shipped ones first, then by title."""
        found = [g for g in self.guides.values() if stage in g.stages]
        return sorted(found, key=lambda g: (g.origin != "shipped", g.title.lower(), g.id))

    def get(self, guide_id: str) -> Guide | None:
        return self.guides.get(guide_id)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def load_guides(
    extra_dirs: Sequence[os.PathLike[str] | str] = (), *, include_user: bool = True, lint: bool = False
) -> GuideLibrary:
    """Load shipped guides, then the user's folder, then ``extra_dirs``; never raises.

    A later guide with the same id replaces the earlier one.  ``problems`` holds
    what was wrong with files that were skipped or with duplicate ids (plus the
    lint results when ``lint=True``).
    """
    library = GuideLibrary()
    folders: list[tuple[Any, str]] = [(shipped_guides_dir(), "shipped")]
    if include_user:
        folders.append((user_guides_dir(), "user"))
    folders.extend((pathlib.Path(d), "user") for d in extra_dirs)
    for folder, origin in folders:
        guides, problems = _load_folder(folder, origin, lint=lint)
        library.problems.extend(problems)
        for guide in guides:
            library.guides[guide.id] = guide
    return library


def check_paths(paths: Sequence[os.PathLike[str] | str]) -> list[Problem]:
    """Parse and lint files and/or folders (``*.md`` inside); also report duplicate ids.

    A path that does not exist is an error problem.  Duplicate ids are checked
    across *all* the given paths (a guide that replaces a shipped one on
    purpose is only checked when both are passed).
    """
    problems: list[Problem] = []
    ids: dict[str, str] = {}

    def check_file(f: Any) -> None:
        guide, probs = read_guide_file(f)
        problems.extend(probs)
        if guide is None:
            return
        problems.extend(lint_guide(guide))
        if guide.id in ids:
            problems.append(
                Problem(guide.path, 1, ERROR, f"duplicate guide id {guide.id!r}: also used by {ids[guide.id]}")
            )
        else:
            ids[guide.id] = guide.path

    for raw in paths:
        p = raw if hasattr(raw, "iterdir") and not isinstance(raw, (str, os.PathLike)) else pathlib.Path(raw)
        if _is_dir(p):
            files, probs = _guide_files(p)
            problems.extend(probs)
            for f in files:
                check_file(f)
        elif _is_file(p):
            check_file(p)
        else:
            problems.append(Problem(str(p), 1, ERROR, "no such file or folder"))
    return problems


def _is_dir(entry: Any) -> bool:
    try:
        return bool(entry.is_dir())
    except OSError:
        return False
