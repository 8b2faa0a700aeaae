"""Errors a reader raises when it cannot read an input; messages are for the user, in French."""
import zipfile
import zlib

# What a damaged or exotic ZIP (DOCX and ODT are ZIPs too) may raise while being opened or read:
# found by fuzzing (tests/test_fuzz.py), each one a crash before it was listed here.
DAMAGED_ZIP = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, zlib.error, EOFError,
               OSError, RuntimeError)


class ReadError(Exception):
    """The input cannot be read. `str(err)` is a plain French message for the user."""


class UnsupportedFormat(ReadError):
    pass


class CorruptFile(ReadError):
    pass


class EncryptedFile(ReadError):
    pass


class TooLarge(ReadError):
    pass
