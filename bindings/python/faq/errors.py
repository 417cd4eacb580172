"""Exceptions: one class per result code of faq.h, all under FaqError."""
from __future__ import annotations

from typing import Dict, Type


class FaqError(Exception):
    """A failure reported by the faq library. `code` is the C API's result
    code (faq.h: FAQ_*), `message` says what to fix."""

    code: int = -1

    def __init__(self, message: str, code: int = -1) -> None:
        super().__init__(message)
        self.message = message
        if code != -1:
            self.code = code


class InvalidArgument(FaqError, ValueError):
    """A None / empty / out-of-range argument (FAQ_INVALID_ARGUMENT)."""
    code = 1


class InvalidUtf8(FaqError, ValueError):
    """Text that is not valid UTF-8 (FAQ_INVALID_UTF8)."""
    code = 2


class BadInput(FaqError):
    """A document that cannot be parsed; the message starts FILE:LINE (FAQ_BAD_INPUT)."""
    code = 3


class IOFailure(FaqError, OSError):
    """A file or directory cannot be read or written (FAQ_IO)."""
    code = 4


class NotFound(FaqError):
    """An index, file or passage id that does not exist (FAQ_NOT_FOUND)."""
    code = 5


class CorruptIndex(FaqError):
    """An index that exists but cannot be read (FAQ_CORRUPT_INDEX)."""
    code = 6


class VersionMismatch(FaqError):
    """An index written by an incompatible format or analysis: rebuild it
    (FAQ_VERSION_MISMATCH)."""
    code = 7


class TooLarge(FaqError):
    """An input over a documented limit (FAQ_TOO_LARGE)."""
    code = 8


class InternalError(FaqError):
    """A bug in the library: please report it (FAQ_INTERNAL)."""
    code = 9


class Busy(FaqError):
    """Another writer holds the index (FAQ_BUSY)."""
    code = 10


ERRORS: Dict[int, Type[FaqError]] = {
    cls.code: cls
    for cls in (InvalidArgument, InvalidUtf8, BadInput, IOFailure, NotFound, CorruptIndex,
                VersionMismatch, TooLarge, InternalError, Busy)
}


def error_for(code: int, message: str) -> FaqError:
    cls = ERRORS.get(code)
    if cls is None:
        return FaqError(message, code)
    return cls(message)
