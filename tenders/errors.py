"""Errors a reader raises when it cannot read an input; messages are for the user, in French."""


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
