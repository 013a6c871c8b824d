class ActionError(Exception):
    """A move the application's state, dates or content do not allow; the message is for users.

    `field` names the form field the message belongs next to, when there is one.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
