"""An SMTP server, run as its own process by the tests: ``python smtp_server.py PORT DIR``.

aiosmtpd's server; messages are stored in the Maildir ``DIR/mail``. Recipients whose address
starts with "bounce" are refused (550), as a mail server refuses an unknown mailbox.
"""

from __future__ import annotations

import mailbox
import sys
import time
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self, folder: Path) -> None:
        self.box = mailbox.Maildir(folder, create=True)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address.startswith("bounce"):
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.box.add(envelope.original_content)
        return "250 Message accepted"


if __name__ == "__main__":
    folder = Path(sys.argv[2])
    controller = Controller(Handler(folder / "mail"), hostname="127.0.0.1", port=int(sys.argv[1]))
    controller.start()
    (folder / "ready").write_text("ready")
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()
