"""Sensible Vietnamese defaults for the classifications; the department edits them later."""

from django.db import migrations

DOCUMENT_TYPES = [
    ("Luật", "luat"),
    ("Nghị định", "nghi-dinh"),
    ("Thông tư", "thong-tu"),
    ("Nghị quyết", "nghi-quyet"),
    ("Quyết định", "quyet-dinh"),
    ("Chỉ thị", "chi-thi"),
    ("Kế hoạch", "ke-hoach"),
    ("Hướng dẫn", "huong-dan"),
    ("Công văn", "cong-van"),
    ("Thông báo", "thong-bao"),
    ("Báo cáo", "bao-cao"),
    ("Tờ trình", "to-trinh"),
]
ISSUING_BODIES = [
    ("Quốc hội", "quoc-hoi"),
    ("Chính phủ", "chinh-phu"),
    ("Thủ tướng Chính phủ", "thu-tuong-chinh-phu"),
    ("Bộ Giáo dục và Đào tạo", "bo-gddt"),
    ("Hội đồng nhân dân tỉnh", "hdnd-tinh"),
    ("Ủy ban nhân dân tỉnh", "ubnd-tinh"),
    ("Sở Giáo dục và Đào tạo", "so-gddt"),
]
AREAS = [
    ("Giáo dục mầm non", "giao-duc-mam-non"),
    ("Giáo dục tiểu học", "giao-duc-tieu-hoc"),
    ("Giáo dục trung học", "giao-duc-trung-hoc"),
    ("Giáo dục thường xuyên", "giao-duc-thuong-xuyen"),
    ("Khảo thí và kiểm định chất lượng", "khao-thi-kiem-dinh"),
    ("Tổ chức cán bộ", "to-chuc-can-bo"),
    ("Kế hoạch – Tài chính", "ke-hoach-tai-chinh"),
    ("Thi đua – Khen thưởng", "thi-dua-khen-thuong"),
    ("Tuyển sinh", "tuyen-sinh"),
    ("Thanh tra", "thanh-tra"),
    ("Văn phòng", "van-phong"),
]
SEEDS = {"DocumentType": DOCUMENT_TYPES, "IssuingBody": ISSUING_BODIES, "DocumentArea": AREAS}


def seed(apps, schema_editor):
    for model_name, rows in SEEDS.items():
        model = apps.get_model("legaldocs", model_name)
        for order, (name, slug) in enumerate(rows):
            model.objects.get_or_create(
                slug=slug, defaults={"name": name, "sort_order": (order + 1) * 10}
            )


class Migration(migrations.Migration):
    dependencies = [("legaldocs", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
