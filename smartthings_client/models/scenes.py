"""Scenes (``st.scenes``): saved sets of device actions a user runs at once ("Good night")."""

from __future__ import annotations

from datetime import datetime

import attrs

from ._base import ApiEnum, Model

__all__ = ["Scene", "SceneExecution", "SceneExecutionStatus"]


@attrs.frozen(kw_only=True)
class Scene(Model):
    """A scene as listed by SmartThings.  Its dates arrive as epoch milliseconds and are aware datetimes here;
    ``last_executed_date`` is ``None`` for a scene never run.  ``scene_icon`` is a code such as ``"200"``."""

    scene_id: str
    scene_name: str | None = None
    location_id: str | None = None
    scene_icon: str | None = None
    scene_color: str | None = None
    created_by: str | None = None
    created_date: datetime | None = None
    last_updated_date: datetime | None = None
    last_executed_date: datetime | None = None
    editable: bool | None = None
    api_version: str | None = None


class SceneExecutionStatus(ApiEnum):
    SUCCESS = "success"


@attrs.frozen(kw_only=True)
class SceneExecution(Model):
    """The answer to ``scenes.execute``: ``{"status": "success"}``."""

    status: SceneExecutionStatus | str | None = None

    @property
    def succeeded(self) -> bool:
        return self.status == SceneExecutionStatus.SUCCESS
