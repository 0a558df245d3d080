"""The one error of the cloud commands: a sentence for the user, exit status 2."""

from __future__ import annotations


class CloudError(Exception):
    """Something the Arduino Cloud or the user's set-up got in the way of; the message says
    what and what to do. It never holds a secret."""
