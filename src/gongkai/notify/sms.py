"""SMS through a pluggable backend (`GONGKAI_SMS_BACKEND`, a dotted path).

A backend is a class with `send(phone: str, text: str) -> None` that raises on failure
(any exception: the message is tried again later). The default, `LogBackend`, writes the
message to the `gongkai.sms` log: a deployment with a real gateway (阿里云短信, 腾讯云短信,
an operator's CMPP gateway) writes a class that calls it and names it in the setting.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("gongkai.sms")


class LogBackend:
    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", phone, text)


def backend():
    return import_string(settings.NOTIFY_SMS_BACKEND)()
