"""The case engine: applications, their history, files, clock, notifications, payments,
tracking, back office, retention and statistics, for every kind of case.

The engine knows cases only through the case-definition protocol
(``applications.definitions``); procedures and admissions are its clients and the engine
imports neither. See docs/architecture.md.
"""
