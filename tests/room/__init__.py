"""Tests of the class room (room app).

channels.testing imports Daphne for ChannelsLiveServerTestCase alone. The project is served
by uvicorn and these tests use WebsocketCommunicator only, so when Daphne (and Twisted) is
not installed a stand-in module lets channels.testing import.
"""

import importlib.util
import sys
import types

if importlib.util.find_spec("daphne") is None:
    sys.modules["daphne"] = types.ModuleType("daphne")
    sys.modules["daphne.testing"] = types.SimpleNamespace(DaphneProcess=None)
