from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient

from dronedojo.web.app import create_app
from dronedojo.web.settings import Settings


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:  # type: ignore[type-arg]
    app = create_app(Settings(data_dir=tmp_path, grace_s=0.5))
    with TestClient(app) as c:
        yield c
