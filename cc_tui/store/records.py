"""Between the pydantic models and the stored records: validating a record (a readable damage error naming the file
and its ``.bak``) and dumping a model to JSON-ready data.

The models are imported on first use, not at import: opening the store and listing the home rows must not pay for
importing pydantic and building the models (~90 ms) before the first frame.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import DamagedDataError
from .files import backup_path

if TYPE_CHECKING:
    from pydantic import BaseModel

M = TypeVar("M", bound="BaseModel")


def _models() -> Any:
    """The pydantic models module, imported on first use (see the module's docstring)."""
    from .. import models

    return models


def _validate(model: type[M], data: Any, path: Path) -> M:
    from pydantic import ValidationError

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where_ = ".".join(str(p) for p in first["loc"]) or "record"
        bak = backup_path(path)
        raise DamagedDataError(
            str(path), f"{where_}: {first['msg']}", str(bak) if bak.exists() else None
        ) from None


def _dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")
