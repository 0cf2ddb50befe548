from admissions.models.plans import AdmissionPlan, Programme, Track
from admissions.models.pupils import Gender, Pupil, PupilCorrection, Stage
from admissions.models.registrations import Outcome, Registration, RegistrationChoice
from admissions.models.rounds import (
    AdmissionRoundPage,
    AdmissionsIndexPage,
    Grade,
    Method,
    Phase,
    PriorityGroup,
)

__all__ = [
    "AdmissionPlan",
    "AdmissionRoundPage",
    "AdmissionsIndexPage",
    "Gender",
    "Grade",
    "Method",
    "Outcome",
    "Phase",
    "PriorityGroup",
    "Programme",
    "Pupil",
    "PupilCorrection",
    "Registration",
    "RegistrationChoice",
    "Stage",
    "Track",
]
