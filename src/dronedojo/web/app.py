"""The Litestar application: pages, the JSON API (OpenAPI at /schema), the session sockets.

app = create_app(Settings.from_env())     # uvicorn runs it: `dronedojo serve`
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from litestar import Litestar
from litestar.openapi import OpenAPIConfig
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template import TemplateConfig

from dronedojo.live.engine import warm_up
from dronedojo.web import api, pages
from dronedojo.web.hub import Hub
from dronedojo.web.profile import Profiles
from dronedojo.web.settings import Settings
from dronedojo.web.socket import session_socket

HERE = Path(__file__).parent
STATIC = HERE / "static"


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or Settings.from_env()
    hub = Hub(settings)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        await asyncio.to_thread(warm_up)  # the first start compiles the kernels (minutes)
        hub.start()
        try:
            yield
        finally:
            hub.stop()

    app = Litestar(
        route_handlers=[
            api.healthz, api.engine_stats, api.ExerciseApi, api.create_session,
            api.AttemptApi, api.ProfileApi, pages.Pages, session_socket,
            create_static_files_router(path="/static", directories=[STATIC]),
        ],
        lifespan=[lifespan],
        template_config=TemplateConfig(directory=HERE / "templates", engine=JinjaTemplateEngine),
        openapi_config=OpenAPIConfig(title="Drone Dojo", version="0.1.0", path="/schema"),
    )  # fmt: skip
    app.state.settings = settings
    app.state.hub = hub
    app.state.profiles = Profiles(settings.pilots_dir)
    return app
