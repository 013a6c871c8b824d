"""The applications app's models: the application itself (`application.py`, with the
fields the annual report counts) and the rows of its handling (`handling.py`: clock
events, consultations, the extension, fee notices, files, letters and their templates,
the status page's lookups, the reminders sent)."""

from .application import (
    OPEN,
    Application,
    Channel,
    Delivery,
    FormWanted,
    IdType,
    OnlineApplicant,
    new_tracking_code,
    shows_personal_data_to,
)
from .delivery import AnswerCorrection, DeliveredFile, OnlineSubmission, Service
from .handling import (
    EVENT_LABELS,
    ApplicantFile,
    ApplicationEvent,
    Consultation,
    ExtensionRequest,
    FeeNotice,
    Letter,
    Letterhead,
    LetterTemplate,
    ReminderSent,
    StatusLookup,
)

__all__ = [
    "AnswerCorrection",
    "DeliveredFile",
    "OnlineSubmission",
    "Service",
    "OnlineApplicant",
    "EVENT_LABELS",
    "OPEN",
    "ApplicantFile",
    "Application",
    "ApplicationEvent",
    "Channel",
    "Consultation",
    "Delivery",
    "ExtensionRequest",
    "FeeNotice",
    "FormWanted",
    "IdType",
    "Letter",
    "LetterTemplate",
    "Letterhead",
    "ReminderSent",
    "StatusLookup",
    "new_tracking_code",
    "shows_personal_data_to",
]
