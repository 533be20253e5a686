"""The front matter of a guide: the ``---`` block, a small strict subset of YAML, and the checks of its fields."""

from __future__ import annotations

import re
from typing import Any

from .data import AUDIENCES, ERROR, STAGES, WARNING, Problem, _clip

_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_KEY_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)\s*:(.*)$")
_INT_RE = re.compile(r"^[+-]?\d+$")


def _parse_scalar(raw: str) -> str | int:
    value = raw.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    if _INT_RE.match(value):
        return int(value)
    return value


def _strip_comment(raw: str) -> str:
    value = raw.strip()
    if value[:1] in "\"'":
        end = value.find(value[0], 1)
        if end != -1:
            return value[: end + 1]
        return value
    m = re.search(r"\s#", value)
    if m:
        value = value[: m.start()]
    return value.strip()


def _parse_value(raw: str) -> str | int | tuple[Any, ...]:
    value = _strip_comment(raw)
    if value.startswith("["):
        if not value.endswith("]"):
            raise ValueError("a list must end with ']' on the same line")
        inner = value[1:-1].strip()
        if not inner:
            return ()
        return tuple(_parse_scalar(part) for part in inner.split(","))
    return _parse_scalar(value)


def _split_front_matter(
    lines: list[str], path: str, problems: list[Problem]
) -> tuple[dict[str, tuple[Any, int]] | None, int]:
    """Return ({key: (value, line)}, number of lines consumed) or (None, 0) on error."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        problems.append(Problem(path, 1, ERROR, "the file is empty; a guide starts with a '---' front matter block"))
        return None, 0
    if lines[first].strip() != "---":
        problems.append(
            Problem(
                path,
                first + 1,
                ERROR,
                "missing front matter: a guide must start with a line '---' (id, title, stages, audience)",
            )
        )
        return None, 0
    end = next((i for i in range(first + 1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        problems.append(Problem(path, first + 1, ERROR, "the front matter is not closed: add a line '---' after it"))
        return None, 0
    fields: dict[str, tuple[Any, int]] = {}
    ok = True
    for i in range(first + 1, end):
        line = lines[i]
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        m = _KEY_RE.match(stripped)
        if not m:
            problems.append(Problem(path, i + 1, ERROR, f"front matter line is not 'key: value': {_clip(stripped)}"))
            ok = False
            continue
        key = m.group(1).lower()
        if key in fields:
            problems.append(Problem(path, i + 1, ERROR, f"front matter field '{key}' is given twice"))
            ok = False
            continue
        try:
            fields[key] = (_parse_value(m.group(2)), i + 1)
        except ValueError as err:
            problems.append(Problem(path, i + 1, ERROR, f"front matter field '{key}': {err}"))
            ok = False
    return (fields if ok else None), end + 1



def _check_fields(
    fields: dict[str, tuple[Any, int]], path: str, fm_line: int, problems: list[Problem]
) -> dict[str, Any] | None:
    ok = True
    out: dict[str, Any] = {}

    def err(line: int, message: str) -> None:
        nonlocal ok
        ok = False
        problems.append(Problem(path, line, ERROR, message))

    for key in ("id", "title", "stages", "audience"):
        if key not in fields:
            err(fm_line, f"front matter is missing the required field '{key}'")

    if "id" in fields:
        value, line = fields["id"]
        if not isinstance(value, str) or not _SLUG_RE.match(value):
            err(line, f"id must be a slug (lower-case letters and digits joined by '-'), not {_clip(str(value))!r}")
        else:
            out["id"] = value
    if "title" in fields:
        value, line = fields["title"]
        if isinstance(value, tuple) or not str(value).strip():
            err(line, "title must be a non-empty text")
        else:
            out["title"] = " ".join(str(value).split())
    if "stages" in fields:
        value, line = fields["stages"]
        stages = value if isinstance(value, tuple) else (value,)
        stages = tuple(str(s).strip() for s in stages)
        bad = [s for s in stages if s not in STAGES]
        if not stages:
            err(line, f"stages must list at least one of: {', '.join(STAGES)}")
        elif bad:
            err(line, f"unknown stage {_clip(bad[0])!r}; stages are: {', '.join(STAGES)}")
        else:
            out["stages"] = tuple(dict.fromkeys(stages))
    if "audience" in fields:
        value, line = fields["audience"]
        if value not in AUDIENCES:
            err(line, f"audience must be one of: {', '.join(AUDIENCES)} (not {_clip(str(value))!r})")
        else:
            out["audience"] = value
    out["minutes"] = None
    if "minutes" in fields:
        value, line = fields["minutes"]
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0 or value > 600:
            err(line, f"minutes must be a positive whole number of minutes, not {_clip(str(value))!r}")
        else:
            out["minutes"] = value
    out["timebox"] = ()
    if "timebox" in fields:
        value, line = fields["timebox"]
        pairs = value if isinstance(value, tuple) else (value,)
        plan: dict[str, int] = {}
        for pair in pairs:
            parts = str(pair).split()
            if len(parts) != 2 or parts[0] not in STAGES or not parts[1].isdigit() or not 0 < int(parts[1]) <= 600:
                err(line, "timebox lists 'stage minutes' pairs, like [prep 5, discussion 20, goals 10], not "
                          f"{_clip(str(pair))!r}")
                break
            if parts[0] in plan:
                err(line, f"timebox gives the stage {parts[0]!r} twice")
                break
            plan[parts[0]] = int(parts[1])
        else:
            total = sum(plan.values())
            if out["minutes"] is not None and total != out["minutes"]:
                err(line, f"timebox adds up to {total} minutes but the guide says minutes: {out['minutes']}; "
                          "make them agree")
            else:
                out["minutes"] = out["minutes"] or total
                out["timebox"] = tuple(plan.items())
    for key, (_value, line) in fields.items():
        if key not in ("id", "title", "stages", "audience", "minutes", "timebox"):
            problems.append(Problem(path, line, WARNING, f"unknown front matter field '{_clip(key)}' is ignored"))
    return out if ok else None
