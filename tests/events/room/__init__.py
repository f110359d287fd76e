"""Tests of the class room (room app). channels.testing needs Daphne only for a live-server
test case the project does not use: tests/conftest.py lets it import without Daphne."""
