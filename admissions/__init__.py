"""Admissions to grades 1, 6 and 10 (tuyển sinh đầu cấp): the case engine's second client.

An admission round (one per school year and grade) is the case definition; each school's plan
for the round is approved by the department through a Wagtail workflow; a registration is an
engine ``Application`` with its typed data in ``Registration`` (docs/admissions.md).
"""
