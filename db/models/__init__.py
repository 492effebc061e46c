"""Every table of Relais. Importing this package registers them all on SQLModel.metadata."""
from db.models.reference import CancellationReason, Context, Etablissement, Installation, Language, RequestType
from db.models.people import InterpreterLanguage, InterpreterProfile, RecoveryCode, User, UserInstallation
from db.models.requests import (
    Attachment,
    AttachmentContent,
    Request,
    RequestCounter,
    RequestOffer,
    RequestPriorityInterpreter,
)
from db.models.records import History, LoginThrottle, MailOutbox, SecurityToken

__all__ = [
    "Attachment", "AttachmentContent", "CancellationReason", "Context", "Etablissement", "History",
    "Installation", "InterpreterLanguage", "InterpreterProfile", "Language", "LoginThrottle",
    "MailOutbox", "RecoveryCode", "Request", "RequestCounter", "RequestOffer",
    "RequestPriorityInterpreter", "RequestType", "SecurityToken", "User", "UserInstallation",
]
