from applications.models.applications import Application, ApplicationEvent, Attachment
from applications.models.holidays import PublicHoliday
from applications.models.notifications import Notification
from applications.models.payments import Payment

__all__ = [
    "Application",
    "ApplicationEvent",
    "Attachment",
    "Notification",
    "Payment",
    "PublicHoliday",
]
