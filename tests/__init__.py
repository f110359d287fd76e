"""The project's tests.

channels.testing imports Daphne for ChannelsLiveServerTestCase alone. The project is served by
uvicorn and its tests use WebsocketCommunicator only: without Daphne (and Twisted) installed, a
stand-in module lets channels.testing import — here, so that it holds for every test module and
for the helper processes that import tests.* (tests/room/servers.py) too.
"""

import importlib.util
import sys
import types

if importlib.util.find_spec("daphne") is None:
    sys.modules["daphne"] = types.ModuleType("daphne")
    sys.modules["daphne.testing"] = types.SimpleNamespace(DaphneProcess=None)
