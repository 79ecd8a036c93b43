"""Downloading a file a person sent, never more of it than the bot is willing to read.

A document's `file_size` is what the sender's client declared, or nothing: python-telegram-
bot's `File.download_*` reads the whole body whatever it is, so a document declaring 100
bytes could make the bot read hundreds of megabytes before refusing them. Here the body is
streamed and dropped as soon as more than the limit has come: the bot reads at most the
limit and one chunk.
"""

from __future__ import annotations

import logging

import aiohttp
from telegram import File
from telegram.error import NetworkError

logger = logging.getLogger(__name__)

CHUNK_BYTES = 64 * 1024
_TIMEOUT = aiohttp.ClientTimeout(total=60, connect=10, sock_read=20)


async def download_at_most(file: File, limit: int) -> bytes | None:
    """The file's content, or None as soon as it proves longer than `limit` bytes.

    A failed download raises NetworkError naming only the kind of failure: the file's URL
    holds the bot token.
    """
    if file.file_path is None:
        raise NetworkError("Telegram gave no path to download the file from")
    content = bytearray()
    try:
        async with (
            aiohttp.ClientSession(timeout=_TIMEOUT) as session,
            session.get(file.file_path) as response,
        ):
            if response.status != 200:
                raise NetworkError(f"Downloading a file failed with HTTP {response.status}")
            async for chunk in response.content.iter_chunked(CHUNK_BYTES):
                content += chunk
                if len(content) > limit:
                    logger.info(
                        "Stopped downloading a file after %d bytes, over the limit of %d "
                        "(its declared size: %s)",
                        len(content),
                        limit,
                        file.file_size,
                    )
                    return None
    except (aiohttp.ClientError, TimeoutError) as exc:
        raise NetworkError(f"Downloading a file failed ({type(exc).__name__})") from None
    return bytes(content)
