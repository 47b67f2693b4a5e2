"""``python -m dronedojo`` is the ``dronedojo`` command."""

from dronedojo.cli import app

app(prog_name="dronedojo")
