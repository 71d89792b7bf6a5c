"""``st.scenes``: list the scenes of a location and run one ("Good night")."""

from __future__ import annotations

from .._operation import Request, query, segment
from ..models.converter import decode_as
from ..models.scenes import Scene, SceneExecution
from ._base import AsyncResource, ResourceBase, SyncResource, endpoint, paged

__all__ = ["AsyncScenes", "Scenes"]

_decode_scene = decode_as(Scene)
_decode_execution = decode_as(SceneExecution)

_TOKENS_NOTE = "Personal access tokens and SmartApp/OAuth tokens both work (S1; Home Assistant uses OAuth)."


def _location_query(location_id: str | None) -> tuple[tuple[str, str], ...] | None:
    if location_id is None:
        return None
    segment(location_id, "location_id")
    return query(("locationId", location_id))


class _Scenes(ResourceBase):
    _group = "scenes"

    @paged("scenes.list", "GET", "/scenes", (("r:scenes:*",),), note=_TOKENS_NOTE)
    def list(self, location_id: str | None = None) -> Request[Scene]:
        """The scenes of one location, or of every location the token can see when ``location_id`` is
        ``None``.  There is no call for one scene: filter this list (by ``scene_name`` for instance)."""
        return Request(_decode_scene, params=_location_query(location_id))

    @endpoint("scenes.execute", "POST", "/scenes/{sceneId}/execute", (("x:scenes:*",),), note=_TOKENS_NOTE)
    def execute(self, scene_id: str, location_id: str | None = None) -> Request[SceneExecution]:
        """Run a scene: every device action it holds is sent at once.  ``status`` is ``"success"`` when
        SmartThings accepted the scene; the devices change state shortly after."""
        return Request(_decode_execution, path={"sceneId": scene_id}, params=_location_query(location_id))


class Scenes(_Scenes, SyncResource):
    """Scenes (blocking).  Reach it as ``SmartThings().scenes``."""


class AsyncScenes(_Scenes, AsyncResource):
    """Scenes (async).  Reach it as ``AsyncSmartThings().scenes``."""
