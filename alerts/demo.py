"""Demo alerts: a department storm warning on every site, and one school's own notice."""

import datetime

from django.utils import timezone

from alerts.factories import AlertFactory
from alerts.models import Alert


def load_department_alerts():
    now = timezone.now()
    return [
        AlertFactory(
            title="Cảnh báo mưa lớn, lũ quét trên địa bàn tỉnh",
            message=(
                "Từ đêm nay đến hết thứ Bảy, các xã miền núi có mưa rất to, nguy cơ lũ quét và "
                "sạt lở đất. Các trường chủ động cho học sinh nghỉ học khi cần, không để học sinh "
                "qua sông, suối, ngầm tràn."
            ),
            severity=Alert.Severity.WARNING,
            starts_at=now - datetime.timedelta(hours=2),
            expires_at=now + datetime.timedelta(days=7),
        )
    ]


def load_school_alert(*, school):
    now = timezone.now()
    return AlertFactory(
        title="Điều chỉnh giờ tan học chiều thứ Sáu",
        message="Chiều thứ Sáu tuần này học sinh tan học lúc 16 giờ để nhà trường tổng vệ sinh.",
        severity=Alert.Severity.INFORMATION,
        school=school,
        starts_at=now - datetime.timedelta(hours=1),
        expires_at=now + datetime.timedelta(days=5),
    )
